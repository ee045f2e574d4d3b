"use client";

import { useEffect, useRef, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConversationList, loadConversation, type SavedTurn, useSaveConversation } from "@/components/chat/conversations";
import { Card } from "@/components/ui/card";
import { PageLink } from "@/components/ui/page-link";
import type { components } from "@/lib/api/api";
import { api } from "@/lib/api/client";
import { detailMessage } from "@/lib/api/errors";
import { readSse } from "@/lib/sse";

type ChatAnswer = components["schemas"]["ChatAnswer"];
/** The stream's `done` event: the JSON answer's fields but its text, which came as `delta`s. */
type Done = Pick<ChatAnswer, "mode" | "provider" | "model" | "note" | "usage">;
type Turn = Partial<Pick<ChatAnswer, "provider" | "model" | "note">> & {
  role: "user" | "assistant";
  content: string;
  citations?: SavedTurn["citations"];
  error?: string;
};

/** What is kept of a conversation: the turns that have words, with their sources. */
function keepable(turns: Turn[]): SavedTurn[] {
  return turns
    .filter((turn) => turn.content)
    .map(({ role, content, citations }) => ({
      role,
      content,
      citations: (citations ?? []).map(({ number, item_id, title, kind }) => ({ number, item_id, title, kind })),
    }));
}

/** Chat grounded in the catalog: the answer streams in token by token, with its sources. */
export function Chat() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [busy, setBusy] = useState(false);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const save = useSaveConversation();
  const answered = useRef(false);
  // Once an answer has finished (streamed or failed), the conversation as shown is kept.
  useEffect(() => {
    if (busy || !answered.current) return;
    answered.current = false;
    const kept = keepable(turns);
    if (kept.some((turn) => turn.role === "assistant")) {
      save.mutate({ id: conversationId, turns: kept }, { onSuccess: (id) => setConversationId(id) });
    }
  }, [busy, turns, conversationId, save]);
  const input = useRef<HTMLTextAreaElement>(null);
  const update = (change: Partial<Turn> | ((turn: Turn) => Partial<Turn>)) =>
    setTurns((all) => {
      const last = all[all.length - 1];
      return [...all.slice(0, -1), { ...last, ...(typeof change === "function" ? change(last) : change) }];
    });

  async function open(id: string) {
    setLoadError(null);
    try {
      const conversation = await loadConversation(id);
      setTurns(conversation.turns);
      setConversationId(conversation.id);
    } catch (caught) {
      setLoadError(caught instanceof Error ? caught.message : "The conversation could not be opened.");
    }
  }
  function startNew() {
    setTurns([]);
    setConversationId(null);
  }

  async function ask(message: string) {
    const history = turns.filter((t) => t.content).map(({ role, content }) => ({ role, content })).slice(-20);
    setTurns((all) => [...all, { role: "user", content: message }, { role: "assistant", content: "" }]);
    setBusy(true);
    try {
      const { response } = await api.POST("/api/v1/chat", {
        body: { message, history, stream: true },
        parseAs: "stream",
      });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => undefined);
        update({ error: detailMessage(body, response.status) });
        return;
      }
      for await (const { event, data } of readSse(response.body)) {
        const payload = data as Record<string, unknown>;
        if (event === "citations") update({ citations: data as ChatAnswer["citations"] });
        else if (event === "delta") update((turn) => ({ content: turn.content + String(payload.text ?? ""), provider: String(payload.provider ?? "") }));
        else if (event === "done") {
          const { provider, model, note } = data as Done;
          update({ provider, model, note });
        } else if (event === "error") update({ error: String(payload.detail ?? "The answer failed.") });
      }
    } catch (caught) {
      update({ error: caught instanceof Error ? caught.message : "The answer failed." });
    } finally {
      answered.current = true;
      setBusy(false);
    }
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const message = input.current?.value.trim();
    if (!message || busy) return;
    if (input.current) input.current.value = "";
    void ask(message);
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <ConversationList current={conversationId} onOpen={(id) => void open(id)} onNew={startNew} />
      <div className="grid min-w-0 gap-4">
        {loadError && <Alert>{loadError}</Alert>}
        {save.error && <Alert>{`The conversation was not saved: ${save.error.message}`}</Alert>}
        <Card className="min-h-80">
          <ol className="flex flex-col gap-4" aria-live="polite" aria-label="Conversation">
            {turns.length === 0 && <li className="text-muted-foreground">Ask about anything in the catalog.</li>}
            {turns.map((turn, index) => (
              <li key={index} className={turn.role === "user" ? "self-end rounded-lg bg-primary px-4 py-2 text-primary-foreground" : "max-w-prose"}>
                <span className="sr-only">{turn.role === "user" ? "You:" : "Atrium:"}</span>
                {turn.content && <p className="whitespace-pre-wrap" data-role={turn.role}>{turn.content}</p>}
                {turn.role === "assistant" && !turn.content && busy && index === turns.length - 1 && !turn.error && (
                  <p className="text-muted-foreground">Thinking…</p>
                )}
                {turn.note && <p className="text-sm text-muted-foreground">{turn.note}</p>}
                {turn.error && <Alert>{turn.error}</Alert>}
                {turn.citations && turn.citations.length > 0 && (
                  <div className="mt-2 text-sm">
                    <p className="font-medium">Sources</p>
                    <ol className="list-none">
                      {turn.citations.map((c) => (
                        <li key={c.number}>
                          [{c.number}]{" "}
                          <PageLink className="underline underline-offset-4" href={`/learn/items/${c.item_id}`}>{c.title}</PageLink>{" "}
                          <span className="text-muted-foreground">({c.kind})</span>
                        </li>
                      ))}
                    </ol>
                  </div>
                )}
                {turn.provider && (
                  <p className="mt-1 text-xs text-muted-foreground" data-provider={turn.provider}>
                    Answered by {turn.provider}{turn.model ? ` (${turn.model})` : ""}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </Card>
        <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="flex flex-1 flex-col gap-1">
            <label htmlFor="chat-message" className="text-sm font-medium">Your question</label>
            <textarea
              id="chat-message"
              ref={input}
              rows={2}
              maxLength={4000}
              className="rounded-md border border-border bg-background p-3 text-sm"
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey) submit(event);
              }}
            />
          </div>
          <Button type="submit" disabled={busy || save.isPending}>{busy ? "Answering…" : "Ask"}</Button>
        </form>
      </div>
    </div>
  );
}
