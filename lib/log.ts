/**
 * Structured logs (one JSON line each). Everything logged — the message, and every field of the
 * logged object at any depth, request paths and error messages included — passes through
 * `scrub`/`redactFields` first (PCI DSS 3.5.1: a PAN is unreadable in logs too; AUTH-15: a secret
 * shows at most its prefix and last 4 characters):
 * - a field whose name is a secret's (password, token, api_key, authorization, …) → [REDACTED];
 * - any Luhn-valid run of 13–19 digits (spaces or dashes allowed) → [REDACTED_PAN];
 * - verification codes `vc_…`, the `{code}` of `/verify/{code}`, and secrets in query strings
 *   (`token=`, `code=`, …) → [REDACTED];
 * - access tokens and API keys → their prefix and last 4; Stripe secrets and Bearer values → [REDACTED].
 */
import pino from "pino";
import { env } from "@/lib/env";
import { luhnValid } from "@/lib/luhn";

const REDACTED = "[REDACTED]";

/** Field names whose values are secrets wherever they appear. */
const SECRET_FIELDS = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "current_password",
  "new_password",
  "password_confirmation",
  "token",
  "access_token",
  "refresh_token",
  "reset_token",
  "verification_code",
  "api_key",
  "apikey",
  "key",
  "secret",
  "client_secret",
  "stripe-signature",
  "cvc",
  "cvv",
  "card_number",
]);

const SECRET_LIKE = /\b(sk|rk)_(live|test)_\w+|\bwhsec_\w+|\bBearer\s+[^\s"',]+/g;
const OUR_SECRET = /\b(onr_at_|onr_ak_)([A-Za-z0-9_-]+)/g;
const VERIFICATION_CODE = /\bvc_[a-z2-7]{6,}/gi;
const VERIFY_PATH = /(\/verify\/)[^/?#\s"']+/g;
const SECRET_PARAM =
  /([?&;](?:token|code|key|api_key|access_token|reset_token|verification_code|password|secret)=)[^&#\s"']*/gi;
const SECRET_JSON_FIELD =
  /("(?:password|token|access_token|api_key|key|secret|verification_code)"\s*:\s*")[^"]*"/gi;
// Digits with single spaces or dashes between them; the run is cut where a longer gap starts.
const DIGIT_RUN = /\d(?:[ -]?\d)+/g;

/** True when some stretch of whole groups of `run` holds 13–19 digits that pass Luhn. */
function runHoldsPan(run: string): boolean {
  const groups = run.split(/[ -]/);
  for (let start = 0; start < groups.length; start++) {
    let digits = "";
    for (let end = start; end < groups.length; end++) {
      digits += groups[end];
      if (digits.length > 19) break;
      if (digits.length >= 13 && luhnValid(digits)) return true;
    }
  }
  // A long unbroken run (ids glued to digits, concatenations): any 13–19 digit window.
  if (groups.length === 1 && run.length > 19) {
    for (let len = 13; len <= 19; len++) {
      for (let i = 0; i + len <= run.length; i++) if (luhnValid(run.slice(i, i + len))) return true;
    }
  }
  return false;
}

function maskOurSecret(_match: string, prefix: string, body: string): string {
  return body.length >= 16 ? `${prefix}…${body.slice(-4)}` : `${prefix}…`;
}

/** A string as it may be logged. */
export function scrub(value: string): string {
  return value
    .replace(SECRET_LIKE, REDACTED)
    .replace(OUR_SECRET, maskOurSecret)
    .replace(VERIFY_PATH, `$1${REDACTED}`)
    .replace(VERIFICATION_CODE, `vc_${REDACTED}`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SECRET_JSON_FIELD, `$1${REDACTED}"`)
    .replace(DIGIT_RUN, (run) =>
      run.replace(/[ -]/g, "").length >= 13 && runHoldsPan(run) ? "[REDACTED_PAN]" : run,
    );
}

function scrubNumber(value: number): number | string {
  if (!Number.isSafeInteger(value) || value < 1e12) return value;
  const digits = String(value);
  // Epoch-millisecond timestamps start with 1 and must pass; card networks issue from 2–6.
  return /^[2-6]/.test(digits) && digits.length >= 13 && luhnValid(digits) ? "[REDACTED_PAN]" : value;
}

/** A copy of `value` with secret fields blanked and every string and number scrubbed, at any depth. */
export function redactFields(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrub(value);
  if (typeof value === "number") return scrubNumber(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 12 || seen.has(value)) return "[…]";
  seen.add(value);
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      type: value.name,
      message: scrub(value.message),
      stack: value.stack ? scrub(value.stack) : undefined,
      ...(cause === undefined ? {} : { cause: redactFields(cause, depth + 1, seen) }),
    };
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      SECRET_FIELDS.has(key.toLowerCase()) && v !== null && v !== undefined && v !== ""
        ? REDACTED
        : redactFields(v, depth + 1, seen);
  }
  return out;
}

let logger: pino.Logger | undefined;

/** A logger with Onramp's redaction; `destination` lets tests read what would be written. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactFields(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((a) => (typeof a === "string" ? scrub(a) : a)) as typeof args;
        method.apply(this, cleaned);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export function log(): pino.Logger {
  if (!logger) {
    const { logLevel, logFile } = env();
    // Synchronous appends: a test run reads the file right after the process ends.
    const file = logFile
      ? pino.destination({ dest: logFile, append: true, mkdir: true, sync: true })
      : undefined;
    logger = createLogger(logLevel, file);
  }
  return logger;
}

/** Tests route the app's log to a stream they read; `undefined` goes back to the configured one. */
export function replaceLogger(next: pino.Logger | undefined): void {
  logger = next;
}
