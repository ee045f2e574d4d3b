"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type AccuracyPoint = { day: string; auc: number | null; brier: number | null };

/** ROC AUC and Brier score per day, two lines; fills its parent's box. */
export function AccuracyPlot({ points }: { points: AccuracyPoint[] }) {
  return (
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
  );
}
