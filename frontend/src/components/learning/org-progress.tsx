"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

/** For admins: how far each member got, and the items people start and then leave. */
export function OrgProgress({ orgId }: { orgId: number }) {
  const summary = useQuery({
    queryKey: ["summary", "org", orgId],
    queryFn: async () =>
      unwrap(
        await core.GET("/api/v1/progress/summary/organizations/{org_id}", { params: { path: { org_id: orgId } } }),
      ),
  });
  const data = summary.data;
  return (
    <Card>
      <CardTitle>Organization progress</CardTitle>
      {summary.error && <Alert>{summary.error.message}</Alert>}
      <div className="h-64 w-full" role="img" aria-label="Bar chart: percent of the catalog each member completed">
        {data && (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.members.map((m) => ({ name: m.email.split("@")[0], percent: Math.round(m.percent) }))}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis dataKey="name" stroke="var(--muted-foreground)" />
              <YAxis unit="%" domain={[0, 100]} stroke="var(--muted-foreground)" />
              <Tooltip contentStyle={{ background: "var(--card)", borderColor: "var(--border)" }} />
              <Bar dataKey="percent" name="Completed" fill="var(--primary)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
      <h3 className="mb-2 mt-4 font-semibold">Most abandoned items</h3>
      <ol className="list-decimal pl-5 text-sm">
        {data?.most_abandoned.map((item) => (
          <li key={item.item_id}>
            {item.title} <span className="text-muted-foreground">({item.count} left unfinished)</span>
          </li>
        ))}
        {data && data.most_abandoned.length === 0 && <li className="list-none text-muted-foreground">None yet.</li>}
      </ol>
    </Card>
  );
}
