import type { Metadata } from "next";

import { Catalog } from "@/components/learning/catalog";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Learn" };

export default function LearnPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Catalog</h1>
      <RequireAuth>
        <Catalog />
      </RequireAuth>
    </>
  );
}
