"use client";

import { MlDashboard } from "@/components/ml/ml-dashboard";
import { RequireAuth } from "@/components/require-auth";
import { Alert } from "@/components/ui/alert";
import { useMlAccess } from "@/lib/queries/ml";

function MlPage() {
  const access = useMlAccess();
  if (access.error) return <Alert>{access.error.message}</Alert>;
  if (!access.data) return <p className="text-muted-foreground">Checking what you may see…</p>;
  if (!access.data.allowed) {
    return (
      <Alert tone="info">
        This page is for staff and for the admins of an organization. Switch to an organization you administer, or ask
        one of its admins.
      </Alert>
    );
  }
  return <MlDashboard access={access.data} />;
}

export default function Page() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Machine learning</h1>
      <p className="mb-6 text-muted-foreground">
        Models that learn from progress: their versions and metrics, training, drift and accuracy, and who is at risk.
      </p>
      <RequireAuth>
        <MlPage />
      </RequireAuth>
    </>
  );
}
