"use client";

import dynamic from "next/dynamic";

import type { Monitored } from "@/lib/queries/ml";

// The chart library loads after the page's text, into a box whose height is fixed here.
const AccuracyPlot = dynamic(() => import("@/components/ml/accuracy-plot").then((m) => m.AccuracyPlot), { ssr: false });

/** ROC AUC and Brier score of past predictions whose outcome is known, one point per daily snapshot. */
export function AccuracyChart({ monitored }: { monitored: Monitored }) {
  const points = monitored.snapshots
    .filter((snapshot) => snapshot.roc_auc !== null || snapshot.brier !== null)
    .map((snapshot) => ({
      day: snapshot.computed_at.slice(0, 10),
      auc: snapshot.roc_auc,
      brier: snapshot.brier,
      known: snapshot.outcomes_known,
    }));
  if (points.length === 0) {
    return (
      <p className="text-muted-foreground">
        No outcomes known yet for version {monitored.version}: a prediction&apos;s outcome is known 14 days after it
        was made, and the daily monitoring job scores it then.
      </p>
    );
  }
  const last = points[points.length - 1];
  return (
    <figure data-accuracy-version={monitored.version}>
      <div className="h-64 w-full" role="img" aria-label={`Line chart: ROC AUC and Brier score of past predictions for version ${monitored.version}, ${points.length} days`}>
        <AccuracyPlot points={points} />
      </div>
      <figcaption className="mt-2 text-sm text-muted-foreground">
        Latest, {last.day}: ROC AUC {last.auc?.toFixed(3) ?? "–"}, Brier {last.brier?.toFixed(3) ?? "–"} over {last.known}{" "}
        predictions with known outcomes.
      </figcaption>
    </figure>
  );
}
