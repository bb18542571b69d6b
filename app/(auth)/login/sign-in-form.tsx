"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { signInAction } from "@/lib/actions/auth-actions";
import { idleForm } from "@/lib/actions/form-state";
import { FormError, kept } from "../form-error";
import { ResendVerificationForm } from "../signup/resend-verification-form";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signInAction, idleForm);
  const unverified = state.status === "error" && state.code === "email_not_verified";
  const locked = state.status === "error" && state.code === "account_locked";
  return (
    <>
      <form action={action} className="mt-5 space-y-4" noValidate>
        <input type="hidden" name="next" value={next} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={kept(state, "email")}
          key={`email-${kept(state, "email")}`}
          data-testid="login-email"
        />
        <div>
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
          />
          <p className="mt-1 text-right text-sm">
            <Link href="/forgot-password" className="text-brand-700 underline">
              Forgot your password?
            </Link>
          </p>
        </div>
        <FormError state={state} testId="login-error" />
        {locked ? (
          <p className="text-sm">
            <Link href="/forgot-password" className="font-medium text-brand-700 underline">
              Reset your password
            </Link>
          </p>
        ) : null}
        <Button
          type="submit"
          className="w-full"
          pending={pending}
          pendingLabel="Signing in…"
          data-testid="login-submit"
        >
          Sign in
        </Button>
      </form>
      {unverified ? <ResendVerificationForm email={kept(state, "email")} /> : null}
    </>
  );
}
