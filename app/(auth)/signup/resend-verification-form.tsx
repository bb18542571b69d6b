"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { resendVerificationAction } from "@/lib/actions/auth-actions";
import { idleForm } from "@/lib/actions/form-state";
import { FormError } from "../form-error";

/** "Send me a new verification email" — the answer never says whether the address has an account. */
export function ResendVerificationForm({ email }: { email: string }) {
  const [state, action, pending] = useActionState(resendVerificationAction, idleForm);
  return (
    <form action={action} className="mt-4 space-y-2 text-sm">
      <input type="hidden" name="email" value={email} />
      {state.status === "done" ? (
        <Notice tone="info" data-testid="resend-done">
          If {state.email} is waiting for verification, a new email is on its way. It replaces the earlier
          one.
        </Notice>
      ) : (
        <>
          <FormError state={state} testId="resend-error" />
          <Button type="submit" variant="ghost" size="sm" pending={pending} pendingLabel="Sending…">
            Send a new verification email
          </Button>
        </>
      )}
    </form>
  );
}
