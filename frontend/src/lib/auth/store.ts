import { jwtDecode } from "jwt-decode";
import { create } from "zustand";

import { SESSION_HINT } from "@/lib/auth/early-refresh";

export type SessionStatus = "unknown" | "authenticated" | "anonymous";

export type Grant = {
  access_token: string;
  expires_in: number;
  organization_id: number | null;
  role: string | null;
};

type SessionState = {
  status: SessionStatus;
  /** Held in memory only: a reload gets a new one from the HttpOnly refresh cookie. */
  accessToken: string | null;
  expiresAt: number;
  /** The token's subject: pages ask for the user's own data without waiting for /users/me. */
  userId: number | null;
  organizationId: number | null;
  role: string | null;
  signIn: (grant: Grant) => void;
  signOut: () => void;
};

/**
 * Whether a refresh cookie may exist (a flag in storage, never a token): without it the first
 * load does not ask core to refresh, which would only answer 401 to a visitor who never logged in.
 */
export function mayHaveSession(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === "1";
  } catch {
    return true;
  }
}

function rememberSession(present: boolean): void {
  try {
    if (present) localStorage.setItem(SESSION_HINT, "1");
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Storage can be disabled; the app still works, at the cost of one 401 on load.
  }
}

export const useSession = create<SessionState>()((set) => ({
  status: "unknown",
  accessToken: null,
  expiresAt: 0,
  userId: null,
  organizationId: null,
  role: null,
  signIn: (grant) => {
    rememberSession(true);
    set({
      status: "authenticated",
      accessToken: grant.access_token,
      expiresAt: Date.now() + grant.expires_in * 1000,
      userId: Number(jwtDecode(grant.access_token).sub),
      organizationId: grant.organization_id,
      role: grant.role,
    });
  },
  signOut: () => {
    rememberSession(false);
    set({ status: "anonymous", accessToken: null, expiresAt: 0, userId: null, organizationId: null, role: null });
  },
}));
