import type { Metadata } from "next";

import { Personality } from "@/components/ai/personality";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Personality" };

export default function PersonalityPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Personality</h1>
      <RequireAuth>
        <Personality />
      </RequireAuth>
    </>
  );
}
