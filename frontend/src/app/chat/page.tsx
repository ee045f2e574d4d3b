import type { Metadata } from "next";

import { Chat } from "@/components/chat/chat";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Chat" };

export default function ChatPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Ask Atrium</h1>
      <RequireAuth>
        <Chat />
      </RequireAuth>
    </>
  );
}
