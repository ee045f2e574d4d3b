import type { Metadata } from "next";

import { PasswordResetRequestForm } from "@/components/auth/token-forms";

export const metadata: Metadata = { title: "Reset password" };

export default function PasswordResetPage() {
  return <PasswordResetRequestForm />;
}
