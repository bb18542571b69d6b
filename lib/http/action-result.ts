/**
 * What every dashboard server action returns. Errors are values, never thrown to the browser: a
 * thrown error would reach the client as an opaque digest, and an unexpected one must not leak its
 * message (ASVS 16.5.1).
 */
import { ZodError } from "zod";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { findUnsafeInput, unsafeInputError } from "./input-guard";
import { wireDetails } from "./present/errors";

export type ActionFailure = {
  ok: false;
  code: string;
  message: string;
  /** Field name → messages, for forms to show next to each input. */
  fieldErrors: Record<string, string[]>;
  /** Extra facts a page may use (e.g. a declined payment's decline_code). */
  details?: Record<string, unknown>;
};

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

function zodFieldErrors(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "form";
    out[field] = [...(out[field] ?? []), issue.message];
  }
  return out;
}

function stringLists(details: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(details ?? {})) {
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[field] = value;
  }
  return out;
}

/** "password_confirmation" + "does not match password" → "Password confirmation does not match password." */
export function fieldSentence(field: string, message: string): string {
  const name =
    field === "form" || field === "body" ? "" : `${field.replaceAll("_", " ").replaceAll(".", " ")} `;
  const text = `${name}${message}`.trim();
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;
}

/**
 * Next's control-flow signals (redirect, notFound, dynamic-rendering bailouts) are errors with a
 * recognisable digest; they must keep travelling. (next/navigation's unstable_rethrow does the same
 * but cannot be imported outside Next's runtime, e.g. under node:test.)
 */
function isNextSignal(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" &&
    /^(NEXT_|DYNAMIC_SERVER_USAGE|BAILOUT_TO_CLIENT_SIDE_RENDERING)/.test(digest)
  );
}

/** Turns anything thrown by a handler into a failure value; Next's redirect/notFound signals pass through. */
export function toFailure(error: unknown): ActionFailure {
  if (isNextSignal(error)) throw error;
  if (error instanceof ZodError) {
    const fieldErrors = zodFieldErrors(error);
    const [first] = error.issues;
    return {
      ok: false,
      code: "validation_error",
      message: first
        ? fieldSentence(first.path.map(String).join(".") || "form", first.message)
        : "Check the form.",
      fieldErrors,
    };
  }
  if (isAppError(error)) {
    const fieldErrors = error.code === "validation_error" ? stringLists(error.details) : {};
    const details = wireDetails(error);
    // The domain words validation messages for the API ("current_password: is incorrect").
    const field = /^([a-z_.]+): (.+)$/.exec(error.message);
    return {
      ok: false,
      code: error.code,
      message:
        error.code === "validation_error" && field ? fieldSentence(field[1]!, field[2]!) : error.message,
      fieldErrors,
      ...(details && error.code !== "validation_error" ? { details } : {}),
    };
  }
  log().error({ err: error instanceof Error ? error.message : String(error) }, "dashboard action failed");
  return {
    ok: false,
    code: "internal_error",
    message: "Something went wrong on our side. Nothing was changed; try again in a moment.",
    fieldErrors: {},
  };
}

/**
 * A form's input with a control character (or absurd nesting) in it, as a field error: the
 * dashboard refuses what the agents API's door refuses, before any handler runs.
 */
export function unsafeInputFailure(input: unknown): ActionFailure | null {
  const finding = findUnsafeInput(input, { root: "form" });
  return finding ? toFailure(unsafeInputError(finding)) : null;
}
