"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { components } from "@/lib/api/core";

type JobState = components["schemas"]["JobState"];

/** What each of Celery's states means to the person who started the job. */
export const STATE_TEXT: Record<JobState, string> = {
  PENDING: "Queued",
  STARTED: "Running",
  PROGRESS: "Running",
  RETRY: "Retrying",
  SUCCESS: "Done",
  FAILURE: "Failed",
  REVOKED: "Cancelled",
};

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function StartedAt({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="text-xs text-muted-foreground">
      Started {TIME.format(new Date(iso))}
    </time>
  );
}

/** Asks core to revoke the job; the row shows the answer at once rather than at the next poll. */
export function CancelJob({ id, name }: { id: string; name: string }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function cancel() {
    setPending(true);
    setError(null);
    try {
      const job = unwrap(await core.POST("/api/v1/tasks/{job_id}/cancel", { params: { path: { job_id: id } } }));
      queryClient.setQueryData(["job", id], job);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The job could not be cancelled.");
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <Button variant="outline" className="h-8 px-3" disabled={pending} onClick={() => void cancel()}>
        Cancel {name}
      </Button>
      {error && <p role="alert" className="w-full text-sm text-danger">{error}</p>}
    </>
  );
}
