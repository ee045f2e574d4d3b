import { create } from "zustand";

const KEY = "atrium.externalMedia";

/**
 * Pictures, videos and map tiles hosted by the public APIs load only after the user agrees:
 * until then the dashboard talks to its own origin alone. The choice (not a secret) is kept
 * in localStorage.
 */
type ConsentState = { allowed: boolean; restore: () => void; allow: () => void };

export const useMediaConsent = create<ConsentState>()((set) => ({
  // False on the server and the first client render alike; restore() reads the choice after.
  allowed: false,
  restore: () => {
    try {
      if (localStorage.getItem(KEY) === "1") set({ allowed: true });
    } catch {
      // Storage disabled: ask again.
    }
  },
  allow: () => {
    try {
      localStorage.setItem(KEY, "1");
    } catch {
      // Without storage the consent lasts for this page only.
    }
    set({ allowed: true });
  },
}));

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "another site";
  }
}
