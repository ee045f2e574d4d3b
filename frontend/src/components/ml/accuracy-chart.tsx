"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { Monitored } from "@/lib/queries/ml";

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
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 10, right: 16, bottom: 10, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="day" stroke="var(--muted-foreground)" tick={{ fontSize: 11 }} />
            <YAxis domain={[0, 1]} width={40} stroke="var(--muted-foreground)" />
            <Tooltip contentStyle={{ background: "var(--card)", borderColor: "var(--border)" }} />
            <Legend verticalAlign="top" />
            <Line dataKey="auc" name="ROC AUC (higher is better)" stroke="var(--primary)" dot isAnimationActive={false} connectNulls />
            <Line dataKey="brier" name="Brier (lower is better)" stroke="var(--danger)" dot isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-muted-foreground">
        Latest, {last.day}: ROC AUC {last.auc?.toFixed(3) ?? "–"}, Brier {last.brier?.toFixed(3) ?? "–"} over {last.known}{" "}
        predictions with known outcomes.
      </figcaption>
    </figure>
  );
}
