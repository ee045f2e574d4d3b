"use client";

import Link from "next/link";

import { Recommendations } from "@/components/ai/recommendations";
import { NAV } from "@/components/nav";
import { RequireAuth } from "@/components/require-auth";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { core } from "@/lib/api/client";
import { useSession } from "@/lib/auth/store";
import { useMe, useOrganizations } from "@/lib/queries/identity";

function Overview() {
  const me = useMe();
  const organizations = useOrganizations();
  const orgId = useSession((s) => s.organizationId);
  const active = organizations.data?.find((org) => org.id === orgId);
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Recommendations />
      <Card>
        <CardTitle>Your account</CardTitle>
        {me.error && <Alert>{me.error.message}</Alert>}
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-muted-foreground">Email</dt>
          <dd>{me.data?.email ?? "…"}</dd>
          <dt className="text-muted-foreground">Verified</dt>
          <dd>
            {me.data?.email_verified ? "Yes" : "Not yet"}
            {me.data && !me.data.email_verified && (
              <Button
                variant="ghost"
                className="ml-2 h-7 px-2 underline"
                onClick={() => void core.POST("/api/v1/auth/verify-email/resend")}
              >
                Resend email
              </Button>
            )}
          </dd>
          <dt className="text-muted-foreground">Organization</dt>
          <dd>{active ? `${active.name} (${active.role})` : "None yet"}</dd>
        </dl>
      </Card>
      <Card>
        <CardTitle>Go to</CardTitle>
        <ul className="flex flex-col gap-2">
          {NAV.filter((item) => item.href !== "/").map((item) => (
            <li key={item.href}>
              <Link href={item.href} className="underline underline-offset-4">
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

export default function HomePage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Welcome to Atrium</h1>
      <RequireAuth>
        <Overview />
      </RequireAuth>
    </>
  );
}
