import type { Metadata } from "next";

import { VerifyEmailForm } from "@/components/auth/token-forms";

export const metadata: Metadata = { title: "Verify email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  return <VerifyEmailForm token={(await searchParams).token ?? ""} />;
}
