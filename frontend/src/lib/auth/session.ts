import createClient from "openapi-fetch";

import type { paths as CorePaths } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";
import { REFRESH_PATH, takeEarlyRefresh } from "@/lib/auth/early-refresh";
import { useSession, type Grant } from "@/lib/auth/store";

/**
 * The auth endpoints, called without the token middleware. The refresh token never
 * reaches this code: core sets it as an HttpOnly cookie scoped to /api/v1/auth/ and
 * reads it back on refresh and logout.
 */
const auth = createClient<CorePaths>({ baseUrl: "", credentials: "same-origin" });

let inflight: Promise<boolean> | null = null;

/** A new grant for the refresh cookie (the early one when the page started it), or null. */
async function requestGrant(organizationId?: number): Promise<Grant | null> {
  const early = organizationId === undefined ? takeEarlyRefresh() : undefined;
  if (early) {
    const response = await early;
    return response.ok ? ((await response.json()) as Grant) : null;
  }
  const result = await auth.POST(REFRESH_PATH, {
    body: organizationId === undefined ? {} : { organization_id: organizationId },
  });
  return result.response.ok && result.data ? (result.data as Grant) : null;
}

/** Trade the refresh cookie for a new access token; concurrent callers share one request. */
export function refreshSession(organizationId?: number): Promise<boolean> {
  if (inflight && organizationId === undefined) return inflight;
  const attempt = requestGrant(organizationId)
    .then((grant) => {
      if (!grant) {
        useSession.getState().signOut();
        return false;
      }
      useSession.getState().signIn(grant);
      return true;
    })
    .catch(() => {
      useSession.getState().signOut();
      return false;
    })
    .finally(() => {
      if (inflight === attempt) inflight = null;
    });
  inflight = attempt;
  return attempt;
}

export async function logIn(email: string, password: string): Promise<void> {
  const grant = unwrap(await auth.POST("/api/v1/auth/token", { body: { email, password } }));
  useSession.getState().signIn(grant as Grant);
}

export async function logOut(): Promise<void> {
  await auth.POST("/api/v1/auth/logout", { body: {} }).catch(() => undefined);
  useSession.getState().signOut();
}

/** Act for another organization: a refresh that names it, so the new token carries its role. */
export async function switchOrganization(organizationId: number): Promise<void> {
  const ok = await refreshSession(organizationId);
  if (!ok) throw new Error("Could not switch organization; log in again.");
}
