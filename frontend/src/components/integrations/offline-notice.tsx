"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";

import { Alert } from "@/components/ui/alert";
import { IntegrationError } from "@/lib/queries/integrations";

/** Said once for the page: the server has no internet, and where the demo data is. */
export function OfflineNotice() {
  const cache = useQueryClient().getQueryCache();
  const offline = useSyncExternalStore(
    (changed) => cache.subscribe(changed),
    () => cache.getAll().some((query) => query.state.error instanceof IntegrationError && query.state.error.offline),
    () => false,
  );
  if (!offline) return null;
  return (
    <div className="mb-6">
      <Alert tone="info">
        This server can&apos;t reach the public APIs: it seems to have no internet connection. To explore with demo data, start
        Atrium with <code>atrium dev --offline</code>.
      </Alert>
    </div>
  );
}
