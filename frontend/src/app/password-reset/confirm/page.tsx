import type { Metadata } from "next";

import { PasswordResetConfirmForm } from "@/components/auth/token-forms";

export const metadata: Metadata = { title: "New password" };

export default async function PasswordResetConfirmPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  return <PasswordResetConfirmForm token={(await searchParams).token ?? ""} />;
}
