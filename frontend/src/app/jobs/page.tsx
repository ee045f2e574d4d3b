"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";

import { JobRow } from "@/components/jobs/job-row";
import { RequireAuth } from "@/components/require-auth";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { field, useSubmit } from "@/lib/use-submit";

/** The caller's jobs as core lists them (newest first); each row follows its own job. */
function Jobs() {
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: ["jobs"],
    queryFn: async () => unwrap(await core.GET("/api/v1/tasks/", { params: { query: { limit: 20 } } })),
  });
  const ids = jobs.data?.map((job) => job.id) ?? [];
  const start = useSubmit(async (form) => {
    unwrap(
      await core.POST("/api/v1/tasks/count", { body: { steps: Number(field(form, "steps")), step_seconds: 0.1 } }),
    );
    await queryClient.invalidateQueries({ queryKey: ["jobs"] });
  });
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_1fr]">
      <Card>
        <CardTitle>Start a job</CardTitle>
        <form onSubmit={start.onSubmit} className="flex flex-col gap-4">
          <Field label="Steps to count" name="steps" type="number" min={1} max={1000} defaultValue={20} required />
          <Button type="submit" disabled={start.pending}>Start counting job</Button>
          {start.error && <Alert>{start.error}</Alert>}
        </form>
      </Card>
      <Card>
        <CardTitle>Your jobs</CardTitle>
        {jobs.error && <Alert>{jobs.error.message}</Alert>}
        {jobs.isPending ? (
          <p className="text-muted-foreground">Loading your jobs…</p>
        ) : ids.length === 0 ? (
          <p className="text-muted-foreground">No jobs started yet. Start one and watch its progress here.</p>
        ) : (
          <ul className="divide-y divide-border" aria-live="polite">
            {ids.map((id) => (
              <JobRow key={id} id={id} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export default function JobsPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Background jobs</h1>
      <RequireAuth>
        <Jobs />
      </RequireAuth>
    </>
  );
}
