"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import type { components } from "@/lib/api/api";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { cn } from "@/lib/cn";

export type SavedTurn = components["schemas"]["SavedTurn"];
const KEY = ["chat", "conversations"];
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function useConversations() {
  return useQuery({ queryKey: KEY, queryFn: async () => unwrap(await api.GET("/api/v1/chat/conversations")) });
}

/** Saves the turns shown: a new conversation the first time, the same one after. Returns its id. */
export function useSaveConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, turns }: { id: string | null; turns: SavedTurn[] }) => {
      const saved = id
        ? unwrap(await api.PUT("/api/v1/chat/conversations/{conversation_id}", { params: { path: { conversation_id: id } }, body: { turns } }))
        : unwrap(await api.POST("/api/v1/chat/conversations", { body: { turns } }));
      return saved.id;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export async function loadConversation(id: string) {
  return unwrap(await api.GET("/api/v1/chat/conversations/{conversation_id}", { params: { path: { conversation_id: id } } }));
}

/** The user's conversations: start a new one, resume one, delete one. */
export function ConversationList({
  current,
  onOpen,
  onNew,
}: {
  current: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const conversations = useConversations();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE("/api/v1/chat/conversations/{conversation_id}", { params: { path: { conversation_id: id } } })),
    onSuccess: async (_, id) => {
      if (id === current) onNew();
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <Card className="h-fit">
      <div className="mb-3 flex items-center justify-between gap-2">
        <CardTitle className="mb-0">Conversations</CardTitle>
        <Button variant="outline" className="h-8 px-3" onClick={onNew}>New chat</Button>
      </div>
      {conversations.error && <Alert>{conversations.error.message}</Alert>}
      {remove.error && <Alert>{remove.error.message}</Alert>}
      {conversations.data?.length === 0 && <p className="text-sm text-muted-foreground">Your conversations are kept here.</p>}
      <ul className="flex max-h-72 flex-col gap-1 overflow-y-auto lg:max-h-none" aria-label="Your conversations">
        {conversations.data?.map((conversation) => (
          <li key={conversation.id} className={cn("flex items-start gap-1 rounded-md", conversation.id === current && "bg-muted")}>
            <button
              type="button"
              onClick={() => onOpen(conversation.id)}
              aria-current={conversation.id === current ? "true" : undefined}
              className="min-w-0 flex-1 rounded-md px-2 py-1.5 text-left text-sm hover:bg-muted"
            >
              <span className="block">{conversation.title}</span>
              <span className="block text-xs text-muted-foreground">{WHEN.format(new Date(conversation.updated_at))}</span>
            </button>
            <Button
              variant="ghost"
              className="h-8 px-2 text-xs"
              aria-label={`Delete conversation: ${conversation.title}`}
              onClick={() => remove.mutate(conversation.id)}
            >
              Delete
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
