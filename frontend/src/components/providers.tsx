"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";

import { refreshSession } from "@/lib/auth/session";
import { mayHaveSession, useSession } from "@/lib/auth/store";

const SILENT_REFRESH_LEAD_MS = 60_000;

/** On load, trade the refresh cookie for an access token; then keep it fresh in the background. */
function SessionKeeper() {
  const expiresAt = useSession((s) => s.expiresAt);
  useEffect(() => {
    const session = useSession.getState();
    if (session.status !== "unknown") return;
    if (mayHaveSession()) void refreshSession();
    else session.signOut();
  }, []);
  useEffect(() => {
    if (!expiresAt) return;
    const wait = Math.max(5_000, expiresAt - Date.now() - SILENT_REFRESH_LEAD_MS);
    const timer = window.setTimeout(() => void refreshSession(), wait);
    return () => window.clearTimeout(timer);
  }, [expiresAt]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <SessionKeeper />
      {children}
    </QueryClientProvider>
  );
}
