"use client";

import type { ReactNode } from "react";

import { AccuracyChart } from "@/components/ml/accuracy-chart";
import { AtRiskLearners } from "@/components/ml/at-risk";
import { DriftChart } from "@/components/ml/drift-chart";
import { ModelCard } from "@/components/ml/model-card";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import type { components } from "@/lib/api/core";
import { useModels, useMonitoring, useVersions } from "@/lib/queries/ml";

type Access = components["schemas"]["AccessOut"];

function scopeName(organizationId: number | null): string {
  return organizationId === null ? "all organizations" : `organization ${organizationId}`;
}

type Watched = components["schemas"]["MonitoredOut"];

/** One card with a chart per production version (one per scope that has one). */
function PerVersionCard({ id, title, empty, watched, chart }: {
  id: string;
  title: string;
  empty: string;
  watched: Watched[] | undefined;
  chart: (monitored: Watched) => ReactNode;
}) {
  return (
    <Card className="min-w-0" aria-labelledby={id}>
      <CardTitle id={id}>{title}</CardTitle>
      {watched?.length === 0 && <p className="text-muted-foreground">{empty}</p>}
      {watched?.map((monitored) => (
        <section key={`${monitored.model}-${monitored.version}`} className="mb-4">
          <h3 className="mb-2 text-sm font-semibold">
            {monitored.model} version {monitored.version}, {scopeName(monitored.organization_id)}
          </h3>
          {chart(monitored)}
        </section>
      ))}
    </Card>
  );
}

/** Drift and accuracy of each production version, side by side on wide screens. */
function Monitoring({ watched }: { watched: Watched[] | undefined }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <PerVersionCard
        id="drift-title"
        title="Drift per feature"
        empty="No model in production yet: train one and promote it to watch its inputs."
        watched={watched}
        chart={(monitored) => <DriftChart monitored={monitored} />}
      />
      <PerVersionCard
        id="accuracy-title"
        title="Accuracy over time"
        empty="No model in production yet: its accuracy shows here once outcomes are known."
        watched={watched}
        chart={(monitored) => <AccuracyChart monitored={monitored} />}
      />
    </div>
  );
}

/**
 * The models with their versions, then their monitoring, shown together once every list has
 * come (so nothing shifts); the slower at-risk list comes last, where it pushes nothing down.
 */
export function MlDashboard({ access }: { access: Access }) {
  const models = useModels();
  const versions = useVersions(models.data?.map((model) => model.name) ?? []);
  const monitoring = useMonitoring();
  const loading = models.isPending || monitoring.isPending || versions.some((query) => query.isPending);
  const failed = models.error ?? monitoring.error ?? versions.find((query) => query.error)?.error;
  return (
    <div className="flex flex-col gap-6">
      {failed && <Alert>{failed.message}</Alert>}
      {loading ? (
        <p className="text-muted-foreground">Loading the models…</p>
      ) : (
        <>
          {models.data?.map((model, n) => (
            <ModelCard key={model.name} model={model} versions={versions[n]?.data ?? []} access={access} />
          ))}
          <Monitoring watched={monitoring.data} />
          {access.organization_id !== null && <AtRiskLearners orgId={access.organization_id} />}
        </>
      )}
    </div>
  );
}
