"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { signUpAction } from "@/lib/actions/auth-actions";
import { idleForm } from "@/lib/actions/form-state";
import { FormError, fieldErrors, kept } from "../form-error";
import { CheckEmail } from "./check-email";

export function SignUpForm({ localMode }: { localMode: boolean }) {
  const [state, action, pending] = useActionState(signUpAction, idleForm);
  if (state.status === "done") return <CheckEmail email={state.email} localMode={localMode} />;
  return (
    <form action={action} className="mt-5 space-y-4" noValidate>
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={kept(state, "name")}
        errors={fieldErrors(state, "name")}
        hint="Shown on your account; optional."
        data-testid="signup-name"
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={kept(state, "email")}
        errors={fieldErrors(state, "email")}
        data-testid="signup-email"
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        errors={fieldErrors(state, "password")}
        hint="At least 8 characters. A long passphrase is best."
        data-testid="signup-password"
      />
      <Field
        label="Confirm password"
        name="password_confirmation"
        type="password"
        autoComplete="new-password"
        required
        errors={fieldErrors(state, "password_confirmation")}
        data-testid="signup-password-confirmation"
      />
      <FormError state={state} testId="signup-error" />
      <Button
        type="submit"
        className="w-full"
        pending={pending}
        pendingLabel="Creating…"
        data-testid="signup-submit"
      >
        Create account
      </Button>
    </form>
  );
}
