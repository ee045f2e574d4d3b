"use client";

import { useQuery } from "@tanstack/react-query";

import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
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
      {/* Plain bars, not a chart: every name stays readable on a phone, and nothing waits
          for a chart library before the page's largest text paints. */}
      <ul aria-label="Catalog completed, by member" className="flex flex-col gap-4">
        {data?.members.map((member) => (
          <li key={member.user_id}>
            <div className="mb-1 flex justify-between gap-3 text-sm">
              <span className="min-w-0 break-all">{member.email}</span>
              <span className="shrink-0 text-muted-foreground">
                {member.completed} done · {Math.round(member.percent)}%
              </span>
            </div>
            <Progress value={member.percent} label={`${member.email}: catalog completed`} />
          </li>
        ))}
        {data && data.members.length === 0 && <li className="text-muted-foreground">No members yet.</li>}
      </ul>
      {/* Shown with the members, so it is not painted first and then pushed down. */}
      {data && (
        <>
          <h3 className="mb-2 mt-6 font-semibold">Most abandoned items</h3>
          <ol className="list-decimal pl-5 text-sm">
            {data.most_abandoned.map((item) => (
              <li key={item.item_id}>
                {item.title} <span className="text-muted-foreground">({item.count} left unfinished)</span>
              </li>
            ))}
            {data.most_abandoned.length === 0 && <li className="list-none text-muted-foreground">None yet.</li>}
          </ol>
        </>
      )}
    </Card>
  );
}
