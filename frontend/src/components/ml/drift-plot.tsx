"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type DriftBar = { feature: string; psi: number };

function colour(psi: number, stable: number, drift: number): string {
  if (psi > drift) return "var(--danger)";
  return psi > stable ? "var(--muted-foreground)" : "var(--primary)";
}

/** PSI per feature as bars, the stable and drift thresholds as lines; fills its parent's box. */
export function DriftPlot({ bars, stable, drift }: { bars: DriftBar[]; stable: number; drift: number }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
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
  );
}
