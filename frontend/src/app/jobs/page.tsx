"use client";

import { JobRow } from "@/components/jobs/job-row";
import { RequireAuth } from "@/components/require-auth";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { useJobs } from "@/lib/jobs-store";
import { field, useSubmit } from "@/lib/use-submit";

function Jobs() {
  const { ids, add } = useJobs();
  const start = useSubmit(async (form) => {
    const job = unwrap(
      await core.POST("/api/v1/tasks/count", { body: { steps: Number(field(form, "steps")), step_seconds: 0.1 } }),
    );
    add(job.id);
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
        {ids.length === 0 ? (
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
