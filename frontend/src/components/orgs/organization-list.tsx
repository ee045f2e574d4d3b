"use client";

import { useQueryClient } from "@tanstack/react-query";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { switchOrganization } from "@/lib/auth/session";
import { useSession } from "@/lib/auth/store";
import { useOrganizations } from "@/lib/queries/identity";
import { field, useSubmit } from "@/lib/use-submit";

export function OrganizationList() {
  const organizations = useOrganizations();
  const active = useSession((s) => s.organizationId);
  const queryClient = useQueryClient();
  const create = useSubmit(async (form) => {
    const created = unwrap(await core.POST("/api/v1/organizations/", { body: { name: field(form, "name") } }));
    await switchOrganization(created.id);
    await queryClient.invalidateQueries();
  });
  async function activate(id: number) {
    await switchOrganization(id);
    await queryClient.invalidateQueries();
  }
  return (
    <Card>
      <CardTitle>Your organizations</CardTitle>
      {organizations.isPending && <p className="text-muted-foreground">Loading…</p>}
      {organizations.error && <Alert>{organizations.error.message}</Alert>}
      {organizations.data?.length === 0 && (
        <p className="mb-4 text-muted-foreground">You are not in any organization yet. Create one to get started.</p>
      )}
      <ul className="mb-5 divide-y divide-border">
        {organizations.data?.map((org) => (
          <li key={org.id} className="flex flex-wrap items-center gap-3 py-3">
            <span className="font-medium">{org.name}</span>
            <span className="rounded-full bg-muted px-2 py-0.5 text-xs">{org.role}</span>
            {org.id === active ? (
              <span className="ml-auto text-sm font-medium text-success">Active</span>
            ) : (
              <Button variant="outline" className="ml-auto h-8" onClick={() => void activate(org.id)}>
                Switch to {org.name}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={create.onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field label="New organization name" name="name" required maxLength={120} />
        </div>
        <Button type="submit" disabled={create.pending}>
          Create organization
        </Button>
      </form>
      {create.error && <div className="mt-3"><Alert>{create.error}</Alert></div>}
    </Card>
  );
}
