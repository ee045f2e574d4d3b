"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import type { components } from "@/lib/api/api";
import { api } from "@/lib/api/client";
import { ApiError, detailMessage, unwrap } from "@/lib/api/errors";
import { useSubmit } from "@/lib/use-submit";

type Analysis = components["schemas"]["AnalysisResult"];
type Trait = components["schemas"]["TraitScore"];
type Stored = components["schemas"]["StoredProfile"];

// The chart library loads after the page's text, into a box whose height is fixed here.
const TraitPlot = dynamic(() => import("@/components/ai/trait-plot").then((m) => m.TraitPlot), { ssr: false });

const SAVED_AT = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The result kept with "keep my results", or null when none is. */
function useStoredProfile() {
  return useQuery({
    queryKey: ["personality", "me"],
    queryFn: async (): Promise<Stored | null> => {
      const result = await api.GET("/api/v1/personality/me");
      return result.response.status === 404 ? null : unwrap(result);
    },
  });
}

const PROMPTS = [
  "Describe a weekend you enjoyed and why.",
  "How do you handle a plan that falls apart at the last minute?",
  "What do you do when you start something new?",
];

function TraitChart({ traits }: { traits: Trait[] }) {
  const data = traits.map((t) => ({ trait: t.trait, score: Math.round(t.score) }));
  return (
    <div className="h-72 w-full" role="img" aria-label={`Trait scores: ${data.map((d) => `${d.trait} ${d.score}`).join(", ")}`}>
      <TraitPlot data={data} />
    </div>
  );
}

export function Personality() {
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const stored = useStoredProfile();
  const queryClient = useQueryClient();
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    const answers = PROMPTS.map((_, i) => String(form.get(`answer-${i}`) ?? "").trim()).filter(Boolean);
    if (answers.length === 0) throw new Error("Answer at least one question.");
    const result = unwrap(
      await api.POST("/api/v1/personality/analyze", { body: { answers, consent: form.get("consent") === "on" } }),
    );
    setAnalysis(result);
    setNotice(null);
    if (result.stored) await queryClient.invalidateQueries({ queryKey: ["personality", "me"] });
  });
  async function forget() {
    const { response, error: body } = await api.DELETE("/api/v1/personality/me");
    if (response.ok) setNotice("Your stored results are deleted.");
    else setNotice(response.status === 404 ? "Nothing is stored for you." : new ApiError(response.status, detailMessage(body, response.status)).message);
    setAnalysis((current) => (current ? { ...current, stored: false } : current));
    queryClient.setQueryData(["personality", "me"], null);
  }
  const shown = analysis ?? stored.data;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardTitle>Tell us about yourself</CardTitle>
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          {PROMPTS.map((prompt, i) => (
            <div key={prompt} className="flex flex-col gap-1">
              <label htmlFor={`answer-${i}`} className="text-sm font-medium">{prompt}</label>
              <textarea id={`answer-${i}`} name={`answer-${i}`} rows={3} maxLength={5000} className="rounded-md border border-border bg-background p-3 text-sm" />
            </div>
          ))}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="consent" className="h-4 w-4" /> Keep my results so I can see them later
          </label>
          {error && <Alert>{error}</Alert>}
          <Button type="submit" disabled={pending}>{pending ? "Analysing…" : "Analyse"}</Button>
        </form>
        <Button variant="ghost" className="mt-3" onClick={() => void forget()}>Delete my stored results</Button>
        {notice && <Alert tone="info">{notice}</Alert>}
      </Card>
      <Card className="min-h-80">
        <CardTitle>Your traits</CardTitle>
        {stored.error && <Alert>{stored.error.message}</Alert>}
        {!shown && <p className="text-muted-foreground">{stored.isPending ? "Loading your saved results…" : "Your trait chart appears here."}</p>}
        {!analysis && stored.data && (
          <p className="mb-2 text-sm text-muted-foreground" data-saved-at={stored.data.stored_at}>
            Your saved results from {SAVED_AT.format(new Date(stored.data.stored_at))}
          </p>
        )}
        {shown && (
          <>
            <TraitChart traits={shown.traits} />
            {shown.narrative && <p className="mt-3 text-sm">{shown.narrative}</p>}
            <p className="mt-3 text-xs text-muted-foreground">{shown.disclaimer}</p>
            <h3 className="mb-2 mt-4 font-semibold">Evidence</h3>
            <dl className="flex flex-col gap-2 text-sm">
              {shown.traits.filter((t) => t.evidence.length > 0).map((t) => (
                <div key={t.trait}>
                  <dt className="font-medium capitalize">{t.trait}</dt>
                  {t.evidence.slice(0, 2).map((e) => (
                    <dd key={e.sentence} className="text-muted-foreground">
                      “{e.sentence}” ({e.direction > 0 ? "for" : "against"})
                    </dd>
                  ))}
                </div>
              ))}
            </dl>
          </>
        )}
      </Card>
    </div>
  );
}
