"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { failureMessage } from "@/components/integrations/failure";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { IntegrationError } from "@/lib/queries/integrations";

export type Fetched<T> = {
  data: T;
  stale: boolean;
  source: "upstream" | "cache" | "snapshot";
  fetched_at: string;
};

type ModuleCardProps<T> = {
  title: string;
  query: UseQueryResult<Fetched<T>, Error>;
  /** Reserved height while loading, so the page does not shift when data arrives. */
  minHeight?: string;
  className?: string;
  /** Controls that stay usable whatever the state (a search box, a filter). */
  toolbar?: ReactNode;
  children: (data: T) => ReactNode;
};

/** One integration module with its own loading, stale and error states. */
export function ModuleCard<T>({ title, query, minHeight = "12rem", className, toolbar, children }: ModuleCardProps<T>) {
  const result = query.data;
  return (
    <Card className={cn("flex flex-col", className)} aria-busy={query.isPending}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle>{title}</CardTitle>
        {result && query.isFetching && (
          <span className="text-xs text-muted-foreground" role="status">
            Updating…
          </span>
        )}
        {result?.stale && (
          <span className="rounded-full border border-border px-2 py-0.5 text-xs text-muted-foreground" title={`Fetched ${result.fetched_at}`}>
            Stale · from {result.source}
          </span>
        )}
      </div>
      {toolbar}
      <div style={{ minHeight }} className="flex flex-col">
        {query.isPending && (
          <div className="flex-1 animate-pulse rounded-md bg-muted" role="status">
            <span className="sr-only">Loading {title}…</span>
          </div>
        )}
        {query.isError && (
          <div className="flex flex-col items-start gap-3">
            {/* Offline is said once for the page (OfflineNotice); the card stays quiet. */}
            <Alert tone={query.error instanceof IntegrationError && query.error.offline ? "info" : "error"}>
              {failureMessage(title, query.error)}
            </Alert>
            <Button variant="outline" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </div>
        )}
        {result && children(result.data)}
      </div>
    </Card>
  );
}
