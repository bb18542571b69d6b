/** The state useActionState carries for the dashboard's FormData forms (client-safe: types only). */
import type { ActionFailure } from "./result";

export type FormState =
  | { status: "idle" }
  | { status: "done"; email: string; count?: number }
  | (ActionFailure & { status: "error"; values: Record<string, string> });

export const idleForm: FormState = { status: "idle" };
