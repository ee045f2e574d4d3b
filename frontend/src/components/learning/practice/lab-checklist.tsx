"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { core } from "@/lib/api/client";
import type { components } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";

type Lab = components["schemas"]["LabView"];

/** A lab's steps as a checklist; each tick is saved in the learner's progress at once. */
export function LabChecklist({
  itemId,
  lab,
  saved,
  ready,
}: {
  itemId: number;
  lab: Lab;
  saved: number[];
  ready: boolean;
}) {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<number[]>(saved);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function toggle(step: number) {
    const next = done.includes(step) ? done.filter((s) => s !== step) : [...done, step].sort((a, b) => a - b);
    setDone(next);
    setSaving(true);
    setError(null);
    try {
      const progress = unwrap(
        await core.PUT("/api/v1/progress/{item_id}/lab/checklist", {
          params: { path: { item_id: itemId } },
          body: { done: next },
        }),
      );
      setDone(progress.checklist);
      await queryClient.invalidateQueries({ queryKey: ["progress"] });
      await queryClient.invalidateQueries({ queryKey: ["summary"] });
    } catch (caught) {
      setDone(done);
      setError(caught instanceof Error ? caught.message : "Could not save the checklist.");
    } finally {
      setSaving(false);
    }
  }

  return (
    <fieldset className="mt-6 min-w-0 rounded-md border border-border p-4" aria-busy={saving || !ready}>
      <legend className="px-1 font-medium">Steps</legend>
      <ol className="flex flex-col gap-3">
        {lab.steps.map((step, n) => (
          <li key={n}>
            <label className="flex items-start gap-2 break-words">
              <input
                type="checkbox"
                className="mt-1"
                checked={done.includes(n)}
                disabled={saving || !ready}
                onChange={() => void toggle(n)}
              />
              <span className="min-w-0">
                <span className="font-medium">
                  {n + 1}. {step.title}
                </span>
                {step.detail && <span className="block text-sm text-muted-foreground">{step.detail}</span>}
              </span>
            </label>
          </li>
        ))}
      </ol>
      <p className="mt-3 text-sm text-muted-foreground" role="status">
        {done.length} of {lab.steps.length} steps done
        {done.length === lab.steps.length ? ": this lab is complete." : "."}
      </p>
      {error && <Alert>{error}</Alert>}
    </fieldset>
  );
}
