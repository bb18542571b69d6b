"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { changePasswordAction } from "@/lib/actions/settings-actions";
import { fieldErrorsOf } from "@/lib/query/unwrap";
import { useActionForm } from "./use-action-form";

export function PasswordForm() {
  const save = useActionForm(changePasswordAction);
  return (
    <Panel
      title="Password"
      description="Changing it signs out your other browsers. You stay signed in here."
      id="password"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          save.mutate(form, { onSuccess: () => form.reset() });
        }}
        className="space-y-4"
        noValidate
      >
        <Field
          label="Current password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          errors={fieldErrorsOf(save.error, "current_password")}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters."
            errors={fieldErrorsOf(save.error, "password")}
          />
          <Field
            label="Confirm the new password"
            name="password_confirmation"
            type="password"
            autoComplete="new-password"
            errors={fieldErrorsOf(save.error, "password_confirmation")}
          />
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="revoke_other_tokens" />
          Also revoke every agent's access token (they sign in again)
        </label>
        <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
          Change password
        </Button>
        {save.isSuccess ? (
          <Notice tone="success">
            Password changed
            {save.data.revokedTokens > 0 ? ` and ${save.data.revokedTokens} access token(s) revoked` : ""}.
            {save.data.signedInAgain ? "" : " Sign in again with the new password."}
          </Notice>
        ) : null}
        {save.isError ? <Notice tone="error">{save.error.message}</Notice> : null}
      </form>
    </Panel>
  );
}
