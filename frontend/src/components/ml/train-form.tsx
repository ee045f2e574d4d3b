"use client";

import { useEffect, type FormEvent } from "react";

import { JobRow, useJob } from "@/components/jobs/job-row";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useRefreshMl, useTrain } from "@/lib/queries/ml";
import { field } from "@/lib/use-submit";

/** The training job, its progress per epoch drawn by the jobs page's row; its end refreshes the page. */
function TrainingJob({ id }: { id: string }) {
  const state = useJob(id).data?.state;
  const refresh = useRefreshMl();
  useEffect(() => {
    if (state === "SUCCESS") void refresh();
  }, [state]); // eslint-disable-line react-hooks/exhaustive-deps -- once per finished job
  return (
    <ul aria-live="polite" aria-label="Training job">
      <JobRow id={id} />
    </ul>
  );
}

/** Train a candidate on the caller's scope: every organization's data for staff, an admin's own otherwise. */
export function TrainForm({ name, organizationId }: { name: string; organizationId: number | null }) {
  const train = useTrain(name, organizationId);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    train.mutate({ epochs: Number(field(form, "epochs")), seed: Number(field(form, "seed")) });
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3 rounded-md border border-border p-3" aria-label={`Train ${name}`}>
      <div className="grid grid-cols-2 gap-3 sm:max-w-sm">
        <Field label="Epochs" name="epochs" type="number" min={1} max={200} defaultValue={25} required />
        <Field label="Seed" name="seed" type="number" min={0} defaultValue={13} required hint="Same seed, same data: same model." />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={train.isPending}>
          Train a new version
        </Button>
        <p className="text-xs text-muted-foreground">
          {organizationId === null ? "On every organization's data." : "On your organization's data."} It becomes a
          candidate: promote it if it beats production.
        </p>
      </div>
      {train.error && <Alert>{train.error.message}</Alert>}
      {train.data && <TrainingJob key={train.data.id} id={train.data.id} />}
    </form>
  );
}
