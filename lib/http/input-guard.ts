/**
 * Input no route can store or walk safely is refused at the doors, once, before any schema sees it.
 *
 * Nesting: a body nested thousands of levels deep overflowed the stack of every recursive walk
 * after zod (the idempotency fingerprint), so depth is capped well above any real request.
 *
 * Control characters: PostgreSQL
 * `text` and `jsonb` cannot hold NUL (a NUL used to reach the database and come back as a 500),
 * and no single-line value (a name, an email, an id, a query parameter) has any use for the other
 * C0 controls or DEL. Free text and secrets may carry tab, line feed and carriage return.
 */
import { AppError } from "@/lib/errors";

/** Fields whose values are free text (several lines) or secrets typed by a person. */
const MULTILINE_FIELDS = new Set([
  "notes",
  "about",
  "about_me",
  "description",
  "message",
  "prompt",
  "negative_prompt",
  "password",
  "current_password",
  "new_password",
  "password_confirmation",
]);

// NUL and the C0 controls other than \t \n \r, and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEVER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const SINGLE_LINE = /[\u0000-\u001f\u007f]/;

/** Deeper than any request of the API needs (the deepest real body is 2 levels). */
export const MAX_NESTING = 32;

export interface ControlCharFinding {
  field: string;
  codePoint: string;
}

export type InputFinding = ControlCharFinding | { field: string; tooDeep: true };

function codePointOf(match: RegExpExecArray): string {
  return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The first field (dotted path, `body` for a bare value) holding a forbidden control character in
 * a key or a string value, or nested deeper than MAX_NESTING. Iterative, so depth cannot overflow it.
 */
export function findUnsafeInput(
  value: unknown,
  options: { root?: string; multiline?: boolean } = {},
): InputFinding | null {
  const root = options.root ?? "body";
  const stack: Array<{ value: unknown; path: string; multiline: boolean; depth: number }> = [
    { value, path: "", multiline: options.multiline ?? false, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value: v, path, multiline, depth } = stack.pop()!;
    if (typeof v === "string") {
      const match = (multiline ? NEVER : SINGLE_LINE).exec(v);
      if (match) return { field: path || root, codePoint: codePointOf(match) };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_NESTING) return { field: path || root, tooDeep: true };
    const entries = Array.isArray(v) ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    for (const [key, item] of entries) {
      const keyMatch = SINGLE_LINE.exec(key);
      const child = path ? `${path}.${key}` : key;
      if (keyMatch) return { field: path || root, codePoint: codePointOf(keyMatch) };
      const multilineChild = Array.isArray(v) ? multiline : MULTILINE_FIELDS.has(key.toLowerCase());
      stack.push({ value: item, path: child, multiline: multilineChild, depth: depth + 1 });
    }
  }
  return null;
}

export function unsafeInputError(finding: InputFinding): AppError {
  const message =
    "tooDeep" in finding
      ? `must not be nested more than ${MAX_NESTING} levels deep`
      : "must not contain control characters";
  return new AppError("validation_error", `${finding.field}: ${message}`, {
    details: { [finding.field]: [message] },
  });
}

/** Throws 422 validation_error naming the field when `value` is too deep or carries a control character. */
export function refuseUnsafeInput(value: unknown, options: { root?: string; multiline?: boolean } = {}) {
  const finding = findUnsafeInput(value, options);
  if (finding) throw unsafeInputError(finding);
}
