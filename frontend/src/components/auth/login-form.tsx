"use client";

import { useRouter } from "next/navigation";

import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PageLink } from "@/components/ui/page-link";
import { logIn } from "@/lib/auth/session";
import { field, useSubmit } from "@/lib/use-submit";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    await logIn(field(form, "email"), field(form, "password"));
    router.replace(next);
  });
  return (
    <AuthCard
      title="Log in"
      footer={
        <>
          New here? <PageLink className="underline" href={`/register?next=${encodeURIComponent(next)}`}>Create an account</PageLink>
          {" · "}
          <PageLink className="underline" href="/password-reset">Forgot your password?</PageLink>
        </>
      }
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        {error && <Alert>{error}</Alert>}
        <Button type="submit" disabled={pending}>
          {pending ? "Logging in…" : "Log in"}
        </Button>
      </form>
    </AuthCard>
  );
}
