"use client";

import dynamic from "next/dynamic";

import { featureLabel } from "@/components/ml/wording";
import type { Monitored } from "@/lib/queries/ml";

const ROW_PX = 34; // room for a label on two lines

// The chart library loads after the page's text, into a box whose height is fixed here.
const DriftPlot = dynamic(() => import("@/components/ml/drift-plot").then((m) => m.DriftPlot), { ssr: false });

/** PSI per feature from the latest snapshot that measured drift, the two thresholds marked. */
export function DriftChart({ monitored }: { monitored: Monitored }) {
  const latest = monitored.snapshots.findLast((snapshot) => Object.keys(snapshot.psi).length > 0);
  if (!latest) {
    return (
      <p className="text-muted-foreground">
        No drift measured yet for version {monitored.version}: the daily monitoring job compares the last week of
        predictions (50 or more) with the training data.
      </p>
    );
  }
  const { stable_threshold: stable, drift_threshold: drift } = monitored;
  const bars = Object.entries(latest.psi)
    .map(([feature, psi]) => ({ feature: featureLabel(feature), psi }))
    .sort((a, b) => b.psi - a.psi);
  const drifted = latest.drifted.map(featureLabel);
  return (
    <figure data-drift-version={monitored.version}>
      <div
        className="w-full"
        style={{ height: bars.length * ROW_PX + 60 }}
        role="img"
        aria-label={`Bar chart: population stability index of ${bars.length} features for version ${monitored.version}; ${drifted.length} above ${drift}`}
      >
        <DriftPlot bars={bars} stable={stable} drift={drift} />
      </div>
      <figcaption className="mt-2 text-sm text-muted-foreground">
        Measured {latest.computed_at.slice(0, 10)} on {latest.inputs} predictions. Dotted line: {stable}, below it a
        feature is stable; dashed red line: {drift}, above it a feature has drifted. {drifted.length ? `Drifted: ${drifted.join(", ")}.` : "No feature has drifted."}
      </figcaption>
    </figure>
  );
}
