"use client";

import { OrganizationList } from "@/components/orgs/organization-list";
import { Team } from "@/components/orgs/team";
import { Card, CardTitle } from "@/components/ui/card";
import { PageLink } from "@/components/ui/page-link";
import { useSession } from "@/lib/auth/store";
import { useMe } from "@/lib/queries/identity";

/** What a person who just registered sees first: what happened, and the ways on. */
function Welcome() {
  const me = useMe();
  return (
    <Card className="lg:col-span-2">
      <CardTitle>Welcome to Atrium{me.data?.full_name ? `, ${me.data.full_name}` : ""}</CardTitle>
      <p className="mb-3 text-sm">
        Your account is ready. A link to verify your address is on its way to{" "}
        <strong>{me.data?.email ?? "your inbox"}</strong>.
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        <li>Create an organization below to learn with a team, or accept an invitation you were sent.</li>
        <li>
          Or start on your own: <PageLink className="underline underline-offset-4" href="/learn">browse the catalog</PageLink>.
        </li>
      </ul>
    </Card>
  );
}

export function Organizations({ welcome }: { welcome: boolean }) {
  const orgId = useSession((s) => s.organizationId);
  const role = useSession((s) => s.role);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {welcome && <Welcome />}
      <OrganizationList />
      {orgId !== null && <Team orgId={orgId} role={role} />}
      <p className="text-sm text-muted-foreground lg:col-span-2">
        Invited to an organization? <PageLink className="underline" href="/invitations/accept">Accept the invitation</PageLink>.
      </p>
    </div>
  );
}
