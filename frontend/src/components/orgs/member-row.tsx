"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { Button } from "@/components/ui/button";
import { core } from "@/lib/api/client";
import type { components } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";

type Member = components["schemas"]["MemberOut"];
export const ROLES = ["viewer", "member", "admin", "owner"] as const;
export type RoleName = (typeof ROLES)[number];

/** One member; an admin or owner may change their role or remove them (core refuses what the role does not allow). */
export function MemberRow({ orgId, member, manage }: { orgId: number; member: Member; manage: boolean }) {
  const roleId = useId();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const path = { params: { path: { org_id: orgId, user_id: member.user_id } } };
  const name = member.full_name || member.email;
  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ["members", orgId] });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "That did not work.");
    }
  }
  const changeRole = (role: RoleName) =>
    act(async () => unwrap(await core.PUT("/api/v1/organizations/{org_id}/members/{user_id}/role", { ...path, body: { role } })));
  const remove = () => act(async () => unwrap(await core.DELETE("/api/v1/organizations/{org_id}/members/{user_id}", path)));
  return (
    <li className="flex flex-wrap items-center gap-2 py-2 text-sm" data-member={member.email} data-role={member.role}>
      <span className="min-w-0 flex-1">
        <span className="block font-medium">{name}</span>
        {member.full_name && <span className="block text-xs text-muted-foreground">{member.email}</span>}
      </span>
      {manage ? (
        <>
          <label htmlFor={roleId} className="sr-only">Role of {name}</label>
          <select
            id={roleId}
            value={member.role}
            onChange={(event) => void changeRole(event.target.value as RoleName)}
            className="h-8 rounded-md border border-border bg-background px-2 text-sm"
          >
            {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
          </select>
          {confirming ? (
            <>
              <Button variant="danger" className="h-8 px-3" onClick={() => void remove()}>Remove {name}</Button>
              <Button variant="ghost" className="h-8 px-3" onClick={() => setConfirming(false)}>Keep</Button>
            </>
          ) : (
            <Button variant="outline" className="h-8 px-3" onClick={() => setConfirming(true)} aria-label={`Remove ${name}…`}>
              Remove…
            </Button>
          )}
        </>
      ) : (
        <span className="text-muted-foreground">{member.role}</span>
      )}
      {error && <p role="alert" className="w-full text-danger">{error}</p>}
    </li>
  );
}
