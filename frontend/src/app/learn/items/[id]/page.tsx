import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ItemView } from "@/components/learning/item-view";
import { RequireAuth } from "@/components/require-auth";

export const metadata: Metadata = { title: "Learning item" };

export default async function ItemPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id < 1) notFound();
  return (
    <RequireAuth>
      <ItemView id={id} />
    </RequireAuth>
  );
}
