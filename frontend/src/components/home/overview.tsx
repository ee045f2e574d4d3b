"use client";

import { useState } from "react";

import { Recommendations } from "@/components/ai/recommendations";
import { useSections } from "@/components/nav";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { PageLink } from "@/components/ui/page-link";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { useSession } from "@/lib/auth/store";
import { useMe, useOrganizations } from "@/lib/queries/identity";

/** Sends the verification email again and says on screen that it did (or why it could not). */
function ResendVerification() {
  const [outcome, setOutcome] = useState<"idle" | "sending" | "sent" | string>("idle");
  async function resend() {
    setOutcome("sending");
    try {
      unwrap(await core.POST("/api/v1/auth/verify-email/resend"));
      setOutcome("sent");
    } catch (error) {
      setOutcome(error instanceof Error ? error.message : "The email could not be sent.");
    }
  }
  if (outcome === "sent") {
    return <span role="status" className="ml-2 text-success">Sent: check your inbox for the link.</span>;
  }
  return (
    <>
      <Button variant="ghost" className="ml-2 h-7 px-2 underline" disabled={outcome === "sending"} onClick={() => void resend()}>
        {outcome === "sending" ? "Sending…" : "Resend email"}
      </Button>
      {outcome !== "idle" && outcome !== "sending" && <Alert>{outcome}</Alert>}
    </>
  );
}

/** The signed-in person at a glance: what to learn next, the account, every section. */
export function Overview() {
  const me = useMe();
  const organizations = useOrganizations();
  const orgId = useSession((s) => s.organizationId);
  const active = organizations.data?.find((org) => org.id === orgId);
  const sections = useSections();
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Recommendations />
      <Card>
        <CardTitle>Your account</CardTitle>
        {me.error && <Alert>{me.error.message}</Alert>}
        <dl className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-y-2 text-sm">
          <dt className="text-muted-foreground">Email</dt>
          <dd className="min-w-0">{me.data?.email ?? "…"}</dd>
          <dt className="text-muted-foreground">Verified</dt>
          <dd>
            {me.data?.email_verified ? "Yes" : "Not yet"}
            {me.data && !me.data.email_verified && <ResendVerification />}
          </dd>
          <dt className="text-muted-foreground">Organization</dt>
          <dd>{active ? `${active.name} (${active.role})` : "None yet"}</dd>
        </dl>
      </Card>
      <Card>
        <CardTitle>Go to</CardTitle>
        <ul className="flex flex-col gap-2">
          {sections.filter((item) => item.href !== "/").map((item) => (
            <li key={item.href}>
              <PageLink href={item.href} className="underline underline-offset-4">
                {item.label}
              </PageLink>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
