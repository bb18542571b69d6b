import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** zod issues → 422 validation_error with `details` mapping each field to its messages. */
export function validationError(error: z.ZodError): AppError {
  const details: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "body";
    const messages = details[field] ?? [];
    messages.push(issue.message);
    details[field] = messages;
  }
  const [first] = error.issues;
  const firstField = first?.path.length ? first.path.map(String).join(".") : "body";
  return new AppError(
    "validation_error",
    first ? `${firstField}: ${first.message}` : "The request is invalid.",
    {
      details,
    },
  );
}
