"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { core } from "@/lib/api/client";
import type { components } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";

type Quiz = components["schemas"]["QuizView"];
type QuizResult = components["schemas"]["QuizResult"];

function toggled(chosen: number[], choice: number, multiple: boolean): number[] {
  if (!multiple) return [choice];
  return chosen.includes(choice) ? chosen.filter((c) => c !== choice) : [...chosen, choice].sort();
}

/** A quiz's questions as fieldsets; core scores the answers and says which were right. */
export function QuizForm({ itemId, quiz }: { itemId: number; quiz: Quiz }) {
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<number[][]>(() => quiz.questions.map(() => []));
  const [result, setResult] = useState<QuizResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const complete = answers.every((chosen) => chosen.length > 0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scored = unwrap(
        await core.POST("/api/v1/progress/{item_id}/quiz/attempts", {
          params: { path: { item_id: itemId } },
          body: { answers },
        }),
      );
      setResult(scored);
      await queryClient.invalidateQueries({ queryKey: ["progress"] });
      await queryClient.invalidateQueries({ queryKey: ["summary"] });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not score the quiz.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="mt-6 flex flex-col gap-5" aria-label="Quiz">
      <p className="text-sm text-muted-foreground">
        {quiz.questions.length} questions · {quiz.pass_mark} or more completes this item.
      </p>
      {quiz.questions.map((question, q) => {
        const verdict = result?.results[q];
        return (
          <fieldset key={q} className="min-w-0 rounded-md border border-border p-4" data-question={q}>
            <legend className="px-1 font-medium">
              {q + 1}. {question.prompt}
              {question.multiple && <span className="font-normal text-muted-foreground"> (choose all that apply)</span>}
            </legend>
            <div className="mt-2 flex flex-col gap-2">
              {question.choices.map((choice, c) => (
                <label key={c} className="flex items-start gap-2 break-words">
                  <input
                    type={question.multiple ? "checkbox" : "radio"}
                    name={`question-${q}`}
                    className="mt-1"
                    checked={answers[q].includes(c)}
                    onChange={() => {
                      setResult(null);
                      setAnswers(answers.map((chosen, n) => (n === q ? toggled(chosen, c, question.multiple) : chosen)));
                    }}
                  />
                  <span className="min-w-0">{choice}</span>
                </label>
              ))}
            </div>
            {verdict && (
              <p className={verdict.right ? "mt-2 text-sm text-success" : "mt-2 text-sm text-danger"} data-right={verdict.right}>
                {verdict.right ? "Right." : "Not right."} {verdict.explanation}
              </p>
            )}
          </fieldset>
        );
      })}
      {result && (
        <Alert tone={result.passed ? "success" : "info"}>
          You scored {result.score} (pass mark {result.pass_mark}).{" "}
          {result.passed ? "Passed: this item is complete." : "Not passed yet: change your answers and try again."}
          {result.progress.score !== null && result.progress.score !== result.score && ` Your best is ${result.progress.score}.`}
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      <Button type="submit" disabled={!complete || busy} className="self-start">
        {busy ? "Scoring…" : "Submit answers"}
      </Button>
      {!complete && <p className="text-sm text-muted-foreground">Answer every question to submit.</p>}
    </form>
  );
}
