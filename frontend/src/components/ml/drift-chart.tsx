"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { featureLabel } from "@/components/ml/wording";
import type { Monitored } from "@/lib/queries/ml";

const ROW_PX = 34; // room for a label on two lines

function colour(psi: number, stable: number, drift: number): string {
  if (psi > drift) return "var(--danger)";
  return psi > stable ? "var(--muted-foreground)" : "var(--primary)";
}

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
        role="img"
        aria-label={`Bar chart: population stability index of ${bars.length} features for version ${monitored.version}; ${drifted.length} above ${drift}`}
      >
        <ResponsiveContainer width="100%" height={bars.length * ROW_PX + 60}>
          <BarChart data={bars} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
            <XAxis type="number" stroke="var(--muted-foreground)" domain={[0, (max: number) => Math.max(max, drift * 1.5)]} tickFormatter={(v: number) => v.toFixed(2)} />
            <YAxis type="category" dataKey="feature" width={140} interval={0} stroke="var(--muted-foreground)" tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v) => Number(v).toFixed(3)} contentStyle={{ background: "var(--card)", borderColor: "var(--border)" }} />
            <ReferenceLine x={stable} stroke="var(--foreground)" strokeDasharray="2 3" />
            <ReferenceLine x={drift} stroke="var(--danger)" strokeDasharray="6 3" strokeWidth={2} />
            <Bar dataKey="psi" name="PSI" isAnimationActive={false}>
              {bars.map((bar) => (
                <Cell key={bar.feature} fill={colour(bar.psi, stable, drift)} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-muted-foreground">
        Measured {latest.computed_at.slice(0, 10)} on {latest.inputs} predictions. Dotted line: {stable}, below it a
        feature is stable; dashed red line: {drift}, above it a feature has drifted. {drifted.length ? `Drifted: ${drifted.join(", ")}.` : "No feature has drifted."}
      </figcaption>
    </figure>
  );
}
