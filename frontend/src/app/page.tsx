import type { Metadata } from "next";

import { Overview } from "@/components/home/overview";
import { RequireAuth } from "@/components/require-auth";

// The root layout's title template names only the pages below it, so this one is whole.
export const metadata: Metadata = { title: { absolute: "Home · Atrium" } };

export default function HomePage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Welcome to Atrium</h1>
      <RequireAuth>
        <Overview />
      </RequireAuth>
    </>
  );
}
