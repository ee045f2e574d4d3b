"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PageLink } from "@/components/ui/page-link";
import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { field, useSubmit } from "@/lib/use-submit";

export function VerifyEmailForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const queryClient = useQueryClient();
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    unwrap(await core.POST("/api/v1/auth/verify-email", { body: { token: field(form, "token") } }));
    await queryClient.invalidateQueries({ queryKey: ["me"] });
    setDone(true);
  });
  return (
    <AuthCard title="Verify your email">
      {done ? (
        <Alert tone="success">Your email address is verified.</Alert>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <Field label="Verification token" name="token" defaultValue={token} required hint="From the email we sent you." />
          {error && <Alert>{error}</Alert>}
          <Button type="submit" disabled={pending}>Verify</Button>
        </form>
      )}
    </AuthCard>
  );
}

export function PasswordResetRequestForm() {
  const [sent, setSent] = useState(false);
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    unwrap(await core.POST("/api/v1/auth/password-reset", { body: { email: field(form, "email") } }));
    setSent(true);
  });
  return (
    <AuthCard title="Reset your password" footer={<PageLink className="underline" href="/password-reset/confirm">I have a reset token</PageLink>}>
      {sent ? (
        <Alert tone="success">If an account uses that address, a reset token is on its way.</Alert>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <Field label="Email" name="email" type="email" autoComplete="email" required />
          {error && <Alert>{error}</Alert>}
          <Button type="submit" disabled={pending}>Send reset token</Button>
        </form>
      )}
    </AuthCard>
  );
}

export function PasswordResetConfirmForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const { pending, error, onSubmit } = useSubmit(async (form) => {
    unwrap(
      await core.POST("/api/v1/auth/password-reset/confirm", {
        body: { token: field(form, "token"), new_password: field(form, "new_password") },
      }),
    );
    setDone(true);
  });
  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <Alert tone="success">
          Your password is changed. <PageLink className="underline" href="/login">Log in</PageLink>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} className="flex flex-col gap-4">
          <Field label="Reset token" name="token" defaultValue={token} required />
          <Field label="New password" name="new_password" type="password" autoComplete="new-password" required />
          {error && <Alert>{error}</Alert>}
          <Button type="submit" disabled={pending}>Change password</Button>
        </form>
      )}
    </AuthCard>
  );
}
