"use client";

import Link from "next/link";

import { OrganizationList } from "@/components/orgs/organization-list";
import { Team } from "@/components/orgs/team";
import { RequireAuth } from "@/components/require-auth";
import { useSession } from "@/lib/auth/store";

function Organizations() {
  const orgId = useSession((s) => s.organizationId);
  const role = useSession((s) => s.role);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <OrganizationList />
      {orgId !== null && <Team orgId={orgId} role={role} />}
      <p className="text-sm text-muted-foreground lg:col-span-2">
        Invited to an organization? <Link className="underline" href="/invitations/accept">Accept the invitation</Link>.
      </p>
    </div>
  );
}

export default function OrganizationsPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Organizations</h1>
      <RequireAuth>
        <Organizations />
      </RequireAuth>
    </>
  );
}
