"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { switchOrganization } from "@/lib/auth/session";
import { field, useSubmit } from "@/lib/use-submit";

export function AcceptInvitationForm({ token }: { token: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    const org = unwrap(
      await core.POST("/api/v1/organizations/invitations/accept", { body: { token: field(form, "token") } }),
    );
    await switchOrganization(org.id);
    await queryClient.invalidateQueries();
    router.push("/organizations");
  });
  return (
    <AuthCard title="Join an organization">
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field label="Invitation token" name="token" defaultValue={token} required hint="From the invitation email. Your email must be verified." />
        {error && <Alert>{error}</Alert>}
        <Button type="submit" disabled={pending}>Accept invitation</Button>
      </form>
    </AuthCard>
  );
}
