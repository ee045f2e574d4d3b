"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from "recharts";

export type TraitPoint = { trait: string; score: number };

/** Each trait's score out of 100, one bar each, 50 marked; fills its parent's box. */
export function TraitPlot({ data }: { data: TraitPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ left: 40, right: 20 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis type="number" domain={[0, 100]} stroke="var(--muted-foreground)" />
        <YAxis type="category" dataKey="trait" width={110} stroke="var(--muted-foreground)" />
        <ReferenceLine x={50} stroke="var(--muted-foreground)" />
        <Bar dataKey="score" fill="var(--primary)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
