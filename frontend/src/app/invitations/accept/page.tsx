import type { Metadata } from "next";

import { AcceptInvitationForm } from "@/components/orgs/accept-invitation";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Accept invitation" };

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  return (
    <RequireAuth>
      <AcceptInvitationForm token={(await searchParams).token ?? ""} />
    </RequireAuth>
  );
}
