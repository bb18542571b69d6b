"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { forgotPasswordAction } from "@/lib/actions/auth-actions";
import { idleForm } from "@/lib/actions/form-state";
import { FormError, fieldErrors, kept } from "../form-error";

export function ForgotPasswordForm({ localMode }: { localMode: boolean }) {
  const [state, action, pending] = useActionState(forgotPasswordAction, idleForm);
  if (state.status === "done") {
    return (
      <div className="mt-5 space-y-3" data-testid="forgot-done">
        <Notice tone="success" title="Check your email">
          If {state.email} has an Onramp account, we sent it a link to reset the password. The link works
          once, for 30 minutes.
        </Notice>
        {localMode ? (
          <p className="text-sm text-slate-700">
            Running locally: read it in the{" "}
            <Link
              href={`/dev/mailbox?to=${encodeURIComponent(state.email)}`}
              className="font-medium text-brand-700 underline"
            >
              local mailbox
            </Link>
            .
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form action={action} className="mt-5 space-y-4" noValidate>
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={kept(state, "email")}
        errors={fieldErrors(state, "email")}
        data-testid="forgot-email"
      />
      <FormError state={state} testId="forgot-error" />
      <Button
        type="submit"
        className="w-full"
        pending={pending}
        pendingLabel="Sending…"
        data-testid="forgot-submit"
      >
        Send the reset link
      </Button>
    </form>
  );
}
