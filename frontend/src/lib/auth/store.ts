import { create } from "zustand";

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
  organizationId: number | null;
  role: string | null;
  signIn: (grant: Grant) => void;
  signOut: () => void;
};

export const useSession = create<SessionState>()((set) => ({
  status: "unknown",
  accessToken: null,
  expiresAt: 0,
  organizationId: null,
  role: null,
  signIn: (grant) =>
    set({
      status: "authenticated",
      accessToken: grant.access_token,
      expiresAt: Date.now() + grant.expires_in * 1000,
      organizationId: grant.organization_id,
      role: grant.role,
    }),
  signOut: () =>
    set({ status: "anonymous", accessToken: null, expiresAt: 0, organizationId: null, role: null }),
}));
