import createClient, { type Middleware } from "openapi-fetch";

import type { paths as ApiPaths } from "@/lib/api/api";
import type { paths as CorePaths } from "@/lib/api/core";
import { refreshSession } from "@/lib/auth/session";
import { useSession } from "@/lib/auth/store";

const EARLY_REFRESH_MS = 30_000;
const pending = new Map<string, Request>();

/** Adds the in-memory access token; on a 401 refreshes once from the cookie and retries. */
const bearer: Middleware = {
  async onRequest({ request, id }) {
    let session = useSession.getState();
    if (session.accessToken && session.expiresAt - Date.now() < EARLY_REFRESH_MS) {
      await refreshSession();
      session = useSession.getState();
    }
    if (session.accessToken) request.headers.set("Authorization", `Bearer ${session.accessToken}`);
    pending.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id }) {
    const original = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !original || !useSession.getState().accessToken) return response;
    if (!(await refreshSession())) return response;
    original.headers.set("Authorization", `Bearer ${useSession.getState().accessToken}`);
    return fetch(original);
  },
  onError({ id }) {
    pending.delete(id);
  },
};

/** Core (identity, organizations, learning, jobs) and api (integrations, AI), one origin. */
export const core = createClient<CorePaths>({ baseUrl: "", credentials: "same-origin" });
export const api = createClient<ApiPaths>({ baseUrl: "", credentials: "same-origin" });
core.use(bearer);
api.use(bearer);
