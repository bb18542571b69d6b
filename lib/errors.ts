import type { z } from "zod";

/**
 * The one error type the domain throws. The code decides the HTTP status, so doors never pick
 * statuses themselves and every error renders as the same envelope.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  bad_request: 400,
  raw_card_data_rejected: 400,
  invalid_idempotency_key: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  payment_declined: 402,
  insufficient_balance: 402,
  forbidden: 403,
  insufficient_scope: 403,
  email_not_verified: 403,
  reseller_only: 403,
  /** Too many consecutive failed sign-ins: a password reset unlocks the account. */
  account_locked: 403,
  /** A dispute is open on one of the account's payments, or money Stripe took back is still owed. */
  account_suspended: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_in_use: 409,
  checkout_not_paid: 409,
  checkout_expired: 410,
  /** A team invitation past its expiry: an admin can resend it. */
  invitation_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_error: 422,
  idempotency_key_reused: 422,
  /** Unknown, superseded, expired or already used email verification code (`details.reason`). */
  invalid_verification_code: 422,
  /** Wrong, expired, used or burnt password-reset token (`details.reason`). */
  invalid_reset_token: 422,
  rate_limited: 429,
  internal_error: 500,
  payment_provider_error: 502,
  /** The generation provider failed; the charge was refunded (`details.id`, `details.refunded`). */
  generation_failed: 502,
  service_unavailable: 503,
  /** Password hashing is saturated (its concurrency and queue are full): retry after `Retry-After`. */
  server_busy: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Statuses a code is also answered with, where the thrower overrides its default (AppError's
 * `status`), so the OpenAPI document lists the code under each: a payment provider that cannot be
 * reached or is rate-limiting us is a retryable 503 (lib/stripe/errors.ts), its other failures a 502.
 */
export const ERROR_ALSO_STATUS: Partial<Record<ErrorCode, readonly number[]>> = {
  payment_provider_error: [503],
};

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      details?: ErrorDetails;
      headers?: Record<string, string>;
      status?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const notFound = (what = "Resource") => new AppError("not_found", `${what} not found.`);

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
