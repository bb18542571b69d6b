import { Notice } from "@/components/ui/notice";
import type { FormState } from "@/lib/actions/form-state";

/** The form-level message of a refused action (field messages show under their inputs). */
export function FormError({ state, testId = "form-error" }: { state: FormState; testId?: string }) {
  if (state.status !== "error") return null;
  return (
    <Notice tone="error" data-testid={testId}>
      {state.message}
    </Notice>
  );
}

export const fieldErrors = (state: FormState, name: string) =>
  state.status === "error" ? state.fieldErrors[name] : undefined;

export const kept = (state: FormState, name: string) =>
  state.status === "error" ? (state.values[name] ?? "") : "";
