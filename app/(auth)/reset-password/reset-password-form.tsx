"use client";

import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { resetPasswordAction } from "@/lib/actions/auth-actions";
import { idleForm } from "@/lib/actions/form-state";
import { FormError, fieldErrors, kept } from "../form-error";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, idleForm);
  const fromLink = token !== "" && email !== "";

  // The token is a secret: keep it out of the history and of anything the URL is later shown to.
  useEffect(() => {
    if (window.location.search) window.history.replaceState(null, "", window.location.pathname);
  }, []);

  const tokenValue = kept(state, "token") || token;
  const emailValue = kept(state, "email") || email;
  return (
    <form action={action} className="mt-5 space-y-4" noValidate>
      {fromLink ? (
        <>
          <input type="hidden" name="token" value={tokenValue} />
          <input type="hidden" name="email" value={emailValue} />
          <p className="text-sm text-slate-700">
            For <strong>{emailValue}</strong>
          </p>
        </>
      ) : (
        <>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={emailValue}
            errors={fieldErrors(state, "email")}
          />
          <Field
            label="Reset token (from the email)"
            name="token"
            autoComplete="off"
            required
            defaultValue={tokenValue}
            errors={fieldErrors(state, "token")}
          />
        </>
      )}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        errors={fieldErrors(state, "password")}
        data-testid="reset-password"
      />
      <Field
        label="Confirm the new password"
        name="password_confirmation"
        type="password"
        autoComplete="new-password"
        required
        errors={fieldErrors(state, "password_confirmation")}
        data-testid="reset-password-confirmation"
      />
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="revoke_api_keys" className="mt-1" data-testid="reset-revoke-api-keys" />
        <span>
          Also revoke every API key. Do this if someone else may have used your account: keys keep working
          after a reset otherwise. The next sign-in makes a new default key.
        </span>
      </label>
      <FormError state={state} testId="reset-error" />
      <Button
        type="submit"
        className="w-full"
        pending={pending}
        pendingLabel="Saving…"
        data-testid="reset-submit"
      >
        Set the new password
      </Button>
    </form>
  );
}
