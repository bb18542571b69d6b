"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { verifyCodeAction } from "@/lib/actions/auth-actions";
import { idleForm } from "@/lib/actions/form-state";
import { FormError, fieldErrors } from "../form-error";
import { ResendVerificationForm } from "./resend-verification-form";

/** After sign-up: where the verification email went, and two ways to use it. */
export function CheckEmail({ email, localMode }: { email: string; localMode: boolean }) {
  const [state, action, pending] = useActionState(verifyCodeAction, idleForm);
  if (state.status === "done") {
    return (
      <div className="mt-5 space-y-4" data-testid="signup-verified">
        <Notice tone="success" title="Email verified">
          {state.email} is confirmed.
        </Notice>
        <Link
          href="/login?verified=1"
          data-testid="signup-verified-sign-in"
          className="inline-flex w-full justify-center rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
        >
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <div className="mt-5 space-y-5" data-testid="signup-check-email">
      <Notice tone="success" title="Check your email">
        We sent a verification link to <strong>{email}</strong>. Open it and press “Verify my email”, then
        sign in. The link works once, for 24 hours.
      </Notice>
      {localMode ? (
        <p className="text-sm text-slate-700">
          Running locally: email goes to the{" "}
          <Link
            href={`/dev/mailbox?to=${encodeURIComponent(email)}`}
            className="font-medium text-brand-700 underline"
            data-testid="signup-mailbox-link"
          >
            local mailbox
          </Link>
          , not to a real inbox.
        </p>
      ) : null}
      <form action={action} className="space-y-3 border-t border-slate-100 pt-4" noValidate>
        <Field
          label="Or paste the verification code"
          name="code"
          autoComplete="one-time-code"
          placeholder="vc_…"
          errors={fieldErrors(state, "code")}
          data-testid="verify-code"
        />
        <FormError state={state} testId="verify-error" />
        <Button type="submit" variant="secondary" pending={pending} pendingLabel="Verifying…">
          Verify
        </Button>
      </form>
      <p className="text-sm">
        <Link href="/login" className="font-medium text-brand-700 underline">
          Already verified? Sign in
        </Link>
      </p>
      <ResendVerificationForm email={email} />
    </div>
  );
}
