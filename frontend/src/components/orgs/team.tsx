"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { InvitationLink } from "@/components/orgs/invitation-link";
import { MemberRow, ROLES, type RoleName } from "@/components/orgs/member-row";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { useMe } from "@/lib/queries/identity";
import { field, useSubmit } from "@/lib/use-submit";

/** Members of the active organization, and (for admins) its invitations. */
export function Team({ orgId, role }: { orgId: number; role: string | null }) {
  const canManage = role === "owner" || role === "admin";
  const roleId = useId();
  const queryClient = useQueryClient();
  const me = useMe();
  const [sent, setSent] = useState<{ email: string; token: string } | null>(null);
  const path = { params: { path: { org_id: orgId } } };
  const members = useQuery({
    queryKey: ["members", orgId],
    queryFn: async () => unwrap(await core.GET("/api/v1/organizations/{org_id}/members", path)),
  });
  const invitations = useQuery({
    queryKey: ["invitations", orgId],
    enabled: canManage,
    queryFn: async () => unwrap(await core.GET("/api/v1/organizations/{org_id}/invitations", path)),
  });
  const invite = useSubmit(async (form) => {
    setSent(null);
    const created = unwrap(
      await core.POST("/api/v1/organizations/{org_id}/invitations", {
        ...path,
        body: { email: field(form, "email"), role: field(form, "role") as RoleName },
      }),
    );
    setSent({ email: created.email, token: created.token });
    await queryClient.invalidateQueries({ queryKey: ["invitations", orgId] });
  });
  async function cancel(invitationId: number) {
    unwrap(
      await core.DELETE("/api/v1/organizations/{org_id}/invitations/{invitation_id}", {
        params: { path: { org_id: orgId, invitation_id: invitationId } },
      }),
    );
    await queryClient.invalidateQueries({ queryKey: ["invitations", orgId] });
  }
  return (
    <Card>
      <CardTitle>Members</CardTitle>
      {members.error && <Alert>{members.error.message}</Alert>}
      <ul className="mb-5 divide-y divide-border">
        {members.data?.map((member) => (
          <MemberRow
            key={member.user_id}
            orgId={orgId}
            member={member}
            manage={canManage && member.user_id !== me.data?.id}
          />
        ))}
      </ul>
      {canManage && (
        <>
          <h3 className="mb-2 font-semibold">Invite someone</h3>
          <form onSubmit={invite.onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
            <div className="flex-1">
              <Field label="Email" name="email" type="email" required />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={roleId} className="text-sm font-medium">Role</label>
              <select id={roleId} name="role" defaultValue="member" className="h-10 rounded-md border border-border bg-background px-2 text-sm">
                {ROLES.map((name) => (
                  <option key={name} value={name}>{name}</option>
                ))}
              </select>
            </div>
            <Button type="submit" disabled={invite.pending}>Send invitation</Button>
          </form>
          {invite.error && <div className="mt-3"><Alert>{invite.error}</Alert></div>}
          {sent && <InvitationLink email={sent.email} token={sent.token} />}
          <ul className="mt-4 divide-y divide-border">
            {invitations.data
              ?.filter((item) => !item.accepted_at)
              .map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                  <span>{item.email}</span>
                  <span className="text-muted-foreground">{item.role}, pending</span>
                  <Button variant="ghost" className="ml-auto h-8" onClick={() => void cancel(item.id)}>
                    Cancel invitation to {item.email}
                  </Button>
                </li>
              ))}
          </ul>
        </>
      )}
    </Card>
  );
}
