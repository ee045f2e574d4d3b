"use client";

import { MyProgress } from "@/components/learning/my-progress";
import { OrgProgress } from "@/components/learning/org-progress";
import { RequireAuth } from "@/components/require-auth";
import { useSession } from "@/lib/auth/store";

function ProgressPages() {
  const orgId = useSession((s) => s.organizationId);
  const role = useSession((s) => s.role);
  const admin = role === "owner" || role === "admin";
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <MyProgress />
      {admin && orgId !== null && <OrgProgress orgId={orgId} />}
    </div>
  );
}

export default function ProgressPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Progress</h1>
      <RequireAuth>
        <ProgressPages />
      </RequireAuth>
    </>
  );
}
