"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Markdown } from "@/components/learning/markdown";
import { LabChecklist } from "@/components/learning/practice/lab-checklist";
import { QuizForm } from "@/components/learning/practice/quiz-form";
import { VideoPlayer } from "@/components/learning/practice/video-player";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageLink } from "@/components/ui/page-link";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { type ProgressStatus, useItem, useItemContent, useItemProgress } from "@/lib/queries/learning";

const STATUS_TEXT: Record<ProgressStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Completed",
};

/** The body without the heading and first paragraph that repeat the title and summary shown above it. */
function bodyBelowHeader(body: string, title: string, summary: string): string {
  const blocks = body.trim().split(/\n{2,}/);
  if (blocks[0]?.replace(/^#+\s*/, "").trim() === title.trim()) blocks.shift();
  if (summary && blocks[0]?.trim() === summary.trim()) blocks.shift();
  return blocks.join("\n\n");
}

export function ItemView({ id }: { id: number }) {
  const item = useItem(id);
  const progress = useItemProgress(id);
  const content = useItemContent(id);
  // A quiz with questions completes at its pass mark, a lab with steps when all are done.
  const completesItself = Boolean(content.data?.quiz || content.data?.lab);
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const status: ProgressStatus = progress.data?.status ?? "not_started";
  async function record(next: ProgressStatus) {
    setError(null);
    try {
      unwrap(await core.PUT("/api/v1/progress/{item_id}", { params: { path: { item_id: id } }, body: { status: next } }));
      await queryClient.invalidateQueries({ queryKey: ["progress"] });
      await queryClient.invalidateQueries({ queryKey: ["summary"] });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not record progress.");
    }
  }
  if (item.error) return <Alert>{item.error.message}</Alert>;
  if (!item.data) return <p className="min-h-64 text-muted-foreground">Loading…</p>;
  return (
    <article className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <Card>
        <p className="text-xs uppercase tracking-wide text-muted-foreground">
          {item.data.kind} · difficulty {item.data.difficulty} · {item.data.estimated_minutes} min
        </p>
        <h1 className="mt-1 text-2xl font-semibold">{item.data.title}</h1>
        {item.data.summary && <p className="mt-2 text-muted-foreground">{item.data.summary}</p>}
        <Markdown source={bodyBelowHeader(item.data.body, item.data.title, item.data.summary)} />
        {content.error && <Alert>{content.error.message}</Alert>}
        {content.data?.video && <VideoPlayer title={item.data.title} video={content.data.video} />}
        {content.data?.quiz && <QuizForm itemId={id} quiz={content.data.quiz} />}
        {content.data?.lab && (
          // Shown at once, ticked once progress comes (a new key starts it from the saved steps).
          <LabChecklist
            key={progress.isPending ? "loading" : "saved"}
            itemId={id}
            lab={content.data.lab}
            saved={progress.data?.checklist ?? []}
            ready={!progress.isPending}
          />
        )}
      </Card>
      <Card className="h-fit">
        <h2 className="mb-2 font-semibold">Your progress</h2>
        <p className="mb-4 text-sm" data-progress={status}>
          {progress.isPending ? "…" : STATUS_TEXT[status]}
        </p>
        <div className="flex flex-col gap-2">
          {status === "not_started" && (
            <Button variant="outline" onClick={() => void record("in_progress")}>Start</Button>
          )}
          {status !== "completed" && !completesItself && (
            <Button onClick={() => void record("completed")}>Mark as complete</Button>
          )}
          {error && <Alert>{error}</Alert>}
          <PageLink href="/learn/progress" className="text-sm underline underline-offset-4">My progress</PageLink>
          <PageLink href="/learn" className="text-sm underline underline-offset-4">Back to the catalog</PageLink>
        </div>
      </Card>
    </article>
  );
}
