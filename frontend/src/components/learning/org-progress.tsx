"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect } from "react";

import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

// The chart library loads after the page's text, into a box whose height is fixed here;
// it is asked for on mount, so it downloads while the summary does.
const loadMemberPlot = () => import("@/components/learning/member-plot");
const MemberPlot = dynamic(() => loadMemberPlot().then((m) => m.MemberPlot), { ssr: false });

/** For admins: how far each member got, and the items people start and then leave. */
export function OrgProgress({ orgId }: { orgId: number }) {
  useEffect(() => void loadMemberPlot(), []);
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
        {data && <MemberPlot members={data.members} />}
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
