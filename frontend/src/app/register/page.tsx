import type { Metadata } from "next";

import { RegisterForm } from "@/components/auth/register-form";
import { safeNext } from "@/lib/safe-next";

export const metadata: Metadata = { title: "Register" };

export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  return <RegisterForm next={safeNext((await searchParams).next)} />;
}
