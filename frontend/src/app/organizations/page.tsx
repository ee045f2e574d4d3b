import type { Metadata } from "next";

import { Organizations } from "@/components/orgs/organizations";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Organizations</h1>
      <RequireAuth>
        <Organizations welcome={(await searchParams).welcome === "1"} />
      </RequireAuth>
    </>
  );
}
