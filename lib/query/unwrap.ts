/** Server actions return failures as values; TanStack's useMutation wants them thrown. */
import type { ActionFailure, ActionResult } from "@/lib/actions/result";

export class ActionError extends Error {
  readonly code: string;
  readonly fieldErrors: Record<string, string[]>;
  readonly details: Record<string, unknown> | undefined;

  constructor(failure: ActionFailure) {
    super(failure.message);
    this.name = "ActionError";
    this.code = failure.code;
    this.fieldErrors = failure.fieldErrors;
    this.details = failure.details;
  }
}

export function unwrap<T>(result: ActionResult<T>): T {
  if (!result.ok) {
    if (result.code === "unauthenticated" && typeof window !== "undefined") {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ActionError(result);
  }
  return result.data;
}

/** The field messages of a failed mutation, for <Field errors>. */
export function fieldErrorsOf(error: unknown, field: string): string[] | undefined {
  return error instanceof ActionError ? error.fieldErrors[field] : undefined;
}
