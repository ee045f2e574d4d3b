"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";

/** The link an invitation's email carries, shown to whoever invited so they can pass it on too. */
export function InvitationLink({ email, token }: { email: string; token: string }) {
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}/invitations/accept?token=${encodeURIComponent(token)}`;
  async function copy() {
    await navigator.clipboard.writeText(link);
    setCopied(true);
  }
  return (
    <div role="status" className="mt-3 rounded-md border border-success p-3 text-sm">
      <p className="mb-2">
        Invitation sent to <strong>{email}</strong>. You can also pass this link on; only {email} can accept it:
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          readOnly
          value={link}
          aria-label="Invitation link"
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-border bg-background px-2 font-mono text-xs"
        />
        <Button variant="outline" className="h-9" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy link"}
        </Button>
      </div>
    </div>
  );
}
