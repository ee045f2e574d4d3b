"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { components } from "@/lib/api/core";

type Member = components["schemas"]["MemberCompletion"];

/** Percent of the catalog each member completed, one bar each; fills its parent's box. */
export function MemberPlot({ members }: { members: Member[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={members.map((m) => ({ name: m.email.split("@")[0], percent: Math.round(m.percent) }))}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis dataKey="name" stroke="var(--muted-foreground)" />
        <YAxis unit="%" domain={[0, 100]} stroke="var(--muted-foreground)" />
        <Tooltip contentStyle={{ background: "var(--card)", borderColor: "var(--border)" }} />
        <Bar dataKey="percent" name="Completed" fill="var(--primary)" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
