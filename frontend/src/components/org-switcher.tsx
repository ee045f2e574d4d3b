"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { switchOrganization } from "@/lib/auth/session";
import { useSession } from "@/lib/auth/store";
import { useOrganizations } from "@/lib/queries/identity";

/** The active organization: switching asks core for a token that carries the new one's role. */
export function OrgSwitcher() {
  const id = useId();
  const active = useSession((s) => s.organizationId);
  const organizations = useOrganizations();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!organizations.data?.length) return null;
  async function choose(value: string) {
    setBusy(true);
    try {
      await switchOrganization(Number(value));
      await queryClient.invalidateQueries();
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Active organization
      </label>
      <select
        id={id}
        value={active ?? ""}
        disabled={busy}
        onChange={(event) => void choose(event.target.value)}
        className="h-9 max-w-44 rounded-md border border-border bg-card px-2 text-sm"
      >
        {active === null && <option value="">No organization</option>}
        {organizations.data.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
    </div>
  );
}
