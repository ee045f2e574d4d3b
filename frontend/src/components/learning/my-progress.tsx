"use client";

import { useQuery } from "@tanstack/react-query";

import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { useSession } from "@/lib/auth/store";

export function MyProgress() {
  const userId = useSession((s) => s.userId);
  const summary = useQuery({
    queryKey: ["summary", "user", userId],
    enabled: userId !== null,
    queryFn: async () =>
      unwrap(
        await core.GET("/api/v1/progress/summary/users/{user_id}", { params: { path: { user_id: userId as number } } }),
      ),
  });
  const data = summary.data;
  return (
    <Card>
      <CardTitle>My progress</CardTitle>
      {summary.error && <Alert>{summary.error.message}</Alert>}
      <dl className="mb-5 grid grid-cols-3 gap-3 text-center">
        {[
          ["Streak", data ? `${data.streak_days} day${data.streak_days === 1 ? "" : "s"}` : "…"],
          ["Completed", data?.completed_items ?? "…"],
          ["In progress", data?.in_progress_items ?? "…"],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md bg-muted p-3">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="text-xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <ul className="flex min-h-24 flex-col gap-4">
        {data?.tracks.map((track) => (
          <li key={track.track_id}>
            <div className="mb-1 flex justify-between text-sm">
              <span>{track.title}</span>
              <span className="text-muted-foreground">
                {track.completed}/{track.total}
              </span>
            </div>
            <Progress value={track.percent} label={`${track.title} completion`} />
          </li>
        ))}
        {data && data.tracks.length === 0 && <li className="text-muted-foreground">Nothing started yet.</li>}
      </ul>
    </Card>
  );
}
