import type { ModelVersion } from "@/lib/queries/ml";

/** The stored metrics, each with the baseline's (trained on the same split) beside it. */
const METRICS = [
  { key: "roc_auc", label: "ROC AUC", better: "higher" },
  { key: "brier", label: "Brier", better: "lower" },
  { key: "ece", label: "Calibration error", better: "lower" },
] as const;

function shown(value: number | undefined): string {
  return value === undefined ? "–" : value.toFixed(3);
}

export function VersionMetrics({ version }: { version: ModelVersion }) {
  return (
    <dl className="grid grid-cols-3 gap-2 text-sm">
      {METRICS.map((metric) => (
        <div key={metric.key} className="min-w-0 rounded-md bg-muted px-2 py-1.5" data-metric={metric.key}>
          <dt className="truncate text-xs text-muted-foreground" title={`${metric.label}: ${metric.better} is better`}>
            {metric.label}
          </dt>
          <dd className="font-mono font-semibold">{shown(version.metrics[metric.key])}</dd>
          <dd className="text-xs text-muted-foreground">baseline {shown(version.baseline_metrics[metric.key])}</dd>
        </div>
      ))}
    </dl>
  );
}

export const METRICS_NOTE = "ROC AUC: higher is better. Brier and calibration error: lower is better. Measured on the holdout.";
