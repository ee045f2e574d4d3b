"use client";

import { useQuery } from "@tanstack/react-query";

import { CancelJob, STATE_TEXT, StartedAt } from "@/components/jobs/job-status";
import { Progress } from "@/components/ui/progress";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { cn } from "@/lib/cn";

const FINISHED = new Set(["SUCCESS", "FAILURE", "REVOKED"]);
const POLL_MS = 500;

/** "atrium.core.jobs.tasks.count" reads as "count". */
function shortName(name: string | undefined): string {
  return name?.split(".").pop() ?? "Job";
}

/** One job's state, polled until it finishes (every caller of the same id shares the polling). */
export function useJob(id: string) {
  return useQuery({
    queryKey: ["job", id],
    queryFn: async () => unwrap(await core.GET("/api/v1/tasks/{job_id}", { params: { path: { job_id: id } } })),
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.state) ? false : POLL_MS),
    staleTime: 0,
  });
}

/** One job, polled until it finishes. */
export function JobRow({ id }: { id: string }) {
  const job = useJob(id);
  const data = job.data;
  const percent = data?.state === "SUCCESS" ? 100 : (data?.progress?.percent ?? 0);
  return (
    <li className="py-4" data-job-id={id} data-state={data?.state ?? "LOADING"}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="flex flex-col">
          <span className="font-medium" title={data?.name}>{shortName(data?.name)}</span>
          {data && <StartedAt iso={data.created_at} />}
        </span>
        <span className="ml-auto flex flex-wrap items-center gap-3">
          <span
            className={cn(
              "text-xs font-medium",
              data?.state === "SUCCESS" && "text-success",
              data?.state === "FAILURE" && "text-danger",
            )}
          >
            {data ? STATE_TEXT[data.state] : "…"} · {Math.round(percent)}%
            {data?.progress && ` (${data.progress.done}/${data.progress.total})`}
          </span>
          {data && !FINISHED.has(data.state) && <CancelJob id={id} name={shortName(data.name)} />}
        </span>
      </div>
      <Progress value={percent} label={`${shortName(data?.name)} progress`} />
      {data?.state === "FAILURE" && data.error && <p className="mt-2 text-sm text-danger">{data.error}</p>}
      {job.error && <p className="mt-2 text-sm text-danger">{job.error.message}</p>}
    </li>
  );
}
