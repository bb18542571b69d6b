/**
 * Stripe's error envelope. Only keys that are set are sent: Stripe omits absent codes rather than
 * sending null, and client code branches on `"decline_code" in error`.
 */

export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error"
  | "rate_limit_error"
  | "authentication_error";

export interface StripeErrorInit {
  status: number;
  type: StripeErrorType;
  message: string;
  code?: string | undefined;
  decline_code?: string | undefined;
  advice_code?: string | undefined;
  param?: string | undefined;
  /** Extra objects Stripe embeds (payment_intent, setup_intent, payment_method, charge id). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  /**
   * Whether an idempotent replay should return this error. Stripe saves a result only once the
   * endpoint began executing: parameter validation failures are not saved, card errors are.
   */
  saveForIdempotency?: boolean;
}

export class StripeError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly declineCode: string | undefined;
  readonly adviceCode: string | undefined;
  readonly param: string | undefined;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly saveForIdempotency: boolean;

  constructor(init: StripeErrorInit) {
    super(init.message);
    this.name = "StripeError";
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.declineCode = init.decline_code;
    this.adviceCode = init.advice_code;
    this.param = init.param;
    this.extra = init.extra ?? {};
    this.headers = init.headers ?? {};
    this.saveForIdempotency = init.saveForIdempotency ?? (init.status === 402 || init.status >= 500);
  }

  /** The `{error: …}` body; `render` shapes embedded objects for the caller's version and key. */
  toBody(
    requestId: string,
    render: (value: unknown) => unknown = (v) => v,
  ): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {};
    if (this.code) error.code = this.code;
    if (this.adviceCode) error.advice_code = this.adviceCode;
    if (this.declineCode) error.decline_code = this.declineCode;
    if (this.code) error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    error.message = this.message;
    if (this.param) error.param = this.param;
    for (const [key, value] of Object.entries(this.extra)) {
      if (value !== undefined && value !== null) error[key] = render(value);
    }
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
    error.type = this.type;
    return { error };
  }
}

export function invalidRequest(
  message: string,
  opts: {
    param?: string | undefined;
    code?: string | undefined;
    status?: number;
    extra?: Record<string, unknown>;
  } = {},
): StripeError {
  return new StripeError({
    status: opts.status ?? 400,
    type: "invalid_request_error",
    message,
    code: opts.code,
    param: opts.param,
    ...(opts.extra ? { extra: opts.extra } : {}),
  });
}

const NOUNS: Record<string, string> = {
  customer: "customer",
  payment_method: "PaymentMethod",
  payment_intent: "payment_intent",
  setup_intent: "setupintent",
  charge: "charge",
  refund: "refund",
  dispute: "dispute",
  product: "product",
  price: "price",
  "checkout.session": "checkout.session",
  subscription: "subscription",
  subscription_item: "subscription_item",
  invoice: "invoice",
  invoiceitem: "invoiceitem",
  event: "event",
  token: "token",
  webhook_endpoint: "webhook_endpoint",
  invoice_payment: "invoice_payment",
};

/** `No such customer: 'cus_x'` — 404 when the id is in the URL, 400 when it is a parameter. */
export function noSuch(kind: string, id: string, param = "id", status?: number): StripeError {
  return new StripeError({
    status: status ?? (param === "id" ? 404 : 400),
    type: "invalid_request_error",
    code: "resource_missing",
    param,
    message: `No such ${NOUNS[kind] ?? kind}: '${id}'`,
  });
}

export function missingParam(param: string): StripeError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: "parameter_missing" });
}

export function unexpectedState(
  kind: "payment_intent" | "setup_intent",
  message: string,
  extra?: Record<string, unknown>,
) {
  return invalidRequest(message, {
    code: `${kind}_unexpected_state`,
    ...(extra ? { extra } : {}),
  });
}
