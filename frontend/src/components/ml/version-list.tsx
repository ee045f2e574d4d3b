"use client";

import { VersionMetrics } from "@/components/ml/version-metrics";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { type ModelVersion, usePromote, useRollback } from "@/lib/queries/ml";

const STAGE_TONE: Record<string, string> = {
  production: "border-success text-success",
  candidate: "border-primary text-primary",
  archived: "border-border text-muted-foreground",
};

function day(iso: string): string {
  return iso.slice(0, 10);
}

function StageBadge({ stage }: { stage: string }) {
  return (
    <span className={cn("rounded-full border px-2 py-0.5 text-xs font-medium", STAGE_TONE[stage])}>{stage}</span>
  );
}

type Manage = (version: ModelVersion) => boolean;

/** A model's versions, newest first: stage, metrics, and promote / roll back where the caller may. */
export function VersionList({ name, versions, canManage }: { name: string; versions: ModelVersion[]; canManage: Manage }) {
  const promote = usePromote(name);
  const rollback = useRollback(name);
  return (
    <ul className="divide-y divide-border" aria-label={`Versions of ${name}`}>
      {versions.map((version) => (
        <li key={version.version} className="py-4" data-version={version.version} data-stage={version.stage}>
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h3 className="flex items-center gap-2 font-semibold">
              Version {version.version} <StageBadge stage={version.stage} />
            </h3>
            <p className="text-xs text-muted-foreground">
              {version.organization_id === null ? "All organizations" : `Organization ${version.organization_id}`} ·
              data {day(version.trained_from)} to {day(version.trained_until)} · {version.rows.train_examples ?? 0}{" "}
              training rows
            </p>
          </div>
          <VersionMetrics version={version} />
          {canManage(version) && (
            <div className="mt-3 flex flex-wrap gap-2">
              {version.stage === "candidate" && (
                <Button variant="outline" disabled={promote.isPending} onClick={() => promote.mutate(version.version)}>
                  Promote version {version.version}
                </Button>
              )}
              {version.stage === "production" && version.previous_version !== null && (
                <Button
                  variant="outline"
                  disabled={rollback.isPending}
                  onClick={() => rollback.mutate(version.organization_id)}
                >
                  Roll back to version {version.previous_version}
                </Button>
              )}
            </div>
          )}
          {promote.error && promote.variables === version.version && (
            <div className="mt-3">
              <Alert>{promote.error.message}</Alert>
            </div>
          )}
          {promote.data && promote.variables === version.version && (
            <div className="mt-3">
              <Alert tone="success">
                Version {version.version} is in production: ROC AUC {promote.data.candidate_roc_auc.toFixed(3)}
                {promote.data.production_roc_auc !== null &&
                  ` against ${promote.data.production_roc_auc.toFixed(3)} for version ${promote.data.replaced_version}`}
                .
              </Alert>
            </div>
          )}
          {rollback.error && version.stage === "production" && (
            <div className="mt-3">
              <Alert>{rollback.error.message}</Alert>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
