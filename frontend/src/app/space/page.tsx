import type { Metadata } from "next";

import { Apod } from "@/components/integrations/apod";
import { NeoChart } from "@/components/integrations/neo-chart";
import { OfflineNotice } from "@/components/integrations/offline-notice";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Space" };

export default function SpacePage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Space</h1>
      <RequireAuth>
        <OfflineNotice />
        <div className="grid gap-6 lg:grid-cols-2">
          <Apod />
          <NeoChart />
        </div>
      </RequireAuth>
    </>
  );
}
