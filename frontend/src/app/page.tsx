import type { Metadata } from "next";

import { Overview } from "@/components/home/overview";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Home" };

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
