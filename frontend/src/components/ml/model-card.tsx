"use client";

import { TrainForm } from "@/components/ml/train-form";
import { VersionList } from "@/components/ml/version-list";
import { METRICS_NOTE } from "@/components/ml/version-metrics";
import { Card, CardTitle } from "@/components/ui/card";
import type { components } from "@/lib/api/core";
import type { MlModel, ModelVersion } from "@/lib/queries/ml";

type Access = components["schemas"]["AccessOut"];

/** One model: what it predicts, which version serves, a Train button and every version. */
export function ModelCard({ model, versions, access }: { model: MlModel; versions: ModelVersion[]; access: Access }) {
  const scope = access.staff ? null : access.organization_id;
  const canManage = (version: ModelVersion) => access.staff || version.organization_id === access.organization_id;
  return (
    <Card className="min-w-0" aria-labelledby={`model-${model.name}`} data-model={model.name}>
      <CardTitle id={`model-${model.name}`}>Model “{model.name}”</CardTitle>
      <p className="mb-1 text-sm">{model.predicts}</p>
      <p className="mb-4 text-sm text-muted-foreground">
        {model.production
          ? `Version ${model.production.version} serves predictions; ${model.versions} versions in all.`
          : "No version is in production yet."}
      </p>
      <TrainForm name={model.name} organizationId={scope} />
      {versions.length === 0 ? (
        <p className="mt-4 text-muted-foreground">No model yet: train one, then promote it to serve predictions.</p>
      ) : (
        <>
          <VersionList name={model.name} versions={versions} canManage={canManage} />
          <p className="text-xs text-muted-foreground">{METRICS_NOTE}</p>
        </>
      )}
    </Card>
  );
}
