"use client";

import { useRouter } from "next/navigation";

import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PageLink } from "@/components/ui/page-link";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { logIn } from "@/lib/auth/session";
import { field, useSubmit } from "@/lib/use-submit";

export function RegisterForm({ next }: { next: string }) {
  const router = useRouter();
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    const email = field(form, "email");
    const password = field(form, "password");
    unwrap(
      await core.POST("/api/v1/auth/register", {
        body: { email, password, full_name: field(form, "full_name") },
      }),
    );
    await logIn(email, password);
    router.replace(next === "/" ? "/organizations?welcome=1" : next);
  });
  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already registered? <PageLink className="underline" href="/login">Log in</PageLink>
        </>
      }
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field label="Full name" name="full_name" autoComplete="name" />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters; avoid common passwords."
        />
        {error && <Alert>{error}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create account"}
        </Button>
      </form>
    </AuthCard>
  );
}
