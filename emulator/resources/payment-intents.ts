/**
 * PaymentIntents: the status machine of spec §2.5 with the test-card outcomes of §3, including
 * where each happens (decline at confirm, 3-D Secure as `requires_action`, off-session
 * `authentication_required`), the `return_url` rule of automatic payment methods, manual capture,
 * cancellation, and the reuse rules of PaymentMethods.
 */
import type Stripe from "stripe";
import { needsAuthentication } from "../cards";
import { clone, type Engine } from "../engine";
import { invalidRequest, noSuch, StripeError, unexpectedState } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, type Params } from "../http/params";
import type { Router } from "../http/router";
import { clientSecretFor, newId } from "../ids";
import { type ApiVersion, gates } from "../versions";
import { createCharge } from "./charges";
import {
  checkClientSecret,
  checkPaymentMethodUsable,
  intentMeta,
  nextActionFor,
  pickPaymentMethod,
  readAutomaticPaymentMethods,
  readPaymentMethodTypes,
  returnUrlRequired,
} from "./intent-common";
import { attachPaymentMethod, declineError, pmMeta } from "./payment-methods";
import { checkChargeAmount, currencyParam, customerParam, metadataOf, readShipping } from "./shared";

const CONFIRM_PARAMS = [
  "payment_method",
  "payment_method_data",
  "payment_method_options",
  "payment_method_types",
  "off_session",
  "return_url",
  "error_on_requires_action",
  "setup_future_usage",
  "use_stripe_sdk",
  "receipt_email",
  "shipping",
  "mandate",
  "mandate_data",
  "radar_options",
  "capture_method",
  "confirmation_token",
  "payment_user_agent",
  "expected_payment_method_type",
  "excluded_payment_method_types",
  "hooks",
  "amount_details",
  "payment_details",
] as const;

const CREATE_PARAMS = [
  ...CONFIRM_PARAMS,
  "amount",
  "currency",
  "customer",
  "customer_account",
  "confirm",
  "automatic_payment_methods",
  "confirmation_method",
  "metadata",
  "description",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "allowed_payment_method_types",
  "payment_method_configuration",
  "on_behalf_of",
  "transfer_group",
  "transfer_data",
  "application_fee_amount",
] as const;

const UPDATE_PARAMS = [
  "amount",
  "currency",
  "customer",
  "description",
  "metadata",
  "payment_method",
  "payment_method_data",
  "payment_method_options",
  "payment_method_types",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "capture_method",
  "excluded_payment_method_types",
  "allowed_payment_method_types",
  "transfer_group",
  "application_fee_amount",
  "hooks",
  "amount_details",
  "payment_details",
] as const;

const AUTH_FAILURE_MESSAGE =
  "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.";

export function getPaymentIntent(engine: Engine, id: string, param = "id"): Stripe.PaymentIntent {
  const pi = engine.store.get("payment_intent", id);
  if (!pi) throw noSuch("payment_intent", id, param);
  return pi;
}

export interface PaymentIntentInit {
  amount: number;
  currency: string;
  customer: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null;
  automaticPaymentMethods?: Stripe.PaymentIntent.AutomaticPaymentMethods | null;
  captureMethod?: Stripe.PaymentIntent.CaptureMethod;
  version: ApiVersion;
}

/** Builds and stores a PaymentIntent (also used by invoices and Checkout). */
export function insertPaymentIntent(engine: Engine, init: PaymentIntentInit): Stripe.PaymentIntent {
  const id = newId("pi_");
  const amp =
    init.automaticPaymentMethods === undefined
      ? gates.automaticPaymentMethodsDefault(init.version)
        ? { allow_redirects: "always" as const, enabled: true }
        : null
      : init.automaticPaymentMethods;
  const pi: Stripe.PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: init.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: amp,
    canceled_at: null,
    cancellation_reason: null,
    capture_method:
      init.captureMethod ?? (gates.asyncCaptureDefault(init.version) ? "automatic_async" : "automatic"),
    client_secret: clientSecretFor(id),
    confirmation_method: "automatic",
    created: engine.now(),
    currency: init.currency,
    customer: init.customer,
    customer_account: null,
    description: init.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: init.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: amp ? { id: "pmc_emulator_default", parent: null } : null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: init.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
  engine.store.put("payment_intent", pi);
  return pi;
}

export interface ConfirmOptions {
  publishable: boolean;
  /** Driven by the emulator itself (invoice payment, hosted Checkout): skips owner checks. */
  internal?: boolean;
}

function readOffSession(p: Params): boolean | undefined {
  const raw = p.str("off_session");
  if (raw === undefined || raw === "") return undefined;
  if (raw === "one_off" || raw === "recurring") return true;
  return p.bool("off_session");
}

/** Success path: charge, status, events, and what happens to the PaymentMethod afterwards. */
function succeed(engine: Engine, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): void {
  const manual = pi.capture_method === "manual";
  const charge = createCharge(engine, pi, pm, { status: "succeeded", captured: !manual });
  pi.latest_charge = charge.id;
  pi.next_action = null;
  pi.last_payment_error = null;
  pi.payment_method = pm.id;
  const meta = pmMeta(engine, pm.id);
  const customer = typeof pi.customer === "string" ? pi.customer : null;
  if (pi.setup_future_usage && customer && !pm.customer) attachPaymentMethod(engine, pm, customer);
  if (pi.setup_future_usage === "off_session") meta.setUpForOffSession = true;
  if (!pm.customer && !pi.setup_future_usage) meta.consumed = true;
  engine.emit("charge.succeeded", charge);
  if (manual) {
    pi.status = "requires_capture";
    pi.amount_capturable = pi.amount;
    engine.emit("payment_intent.amount_capturable_updated", pi);
    engine.fire("payment_intent.requires_capture", pi.id);
  } else {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    engine.emit("payment_intent.succeeded", pi);
    engine.fire("payment_intent.succeeded", pi.id);
  }
  engine.store.markDirty();
}

/** Decline path: failed charge, PI back to requires_payment_method, 402 with the full PI. */
function decline(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  d: { code: string; decline_code: string; message: string; param?: string; advice_code?: string },
): StripeError {
  const charge = createCharge(engine, pi, pm, { status: "failed", captured: false, decline: d });
  pi.latest_charge = charge.id;
  pi.status = "requires_payment_method";
  pi.payment_method = null;
  pi.next_action = null;
  pi.last_payment_error = {
    ...(d.advice_code ? { advice_code: d.advice_code } : {}),
    charge: charge.id,
    code: d.code,
    decline_code: d.decline_code,
    doc_url: `https://stripe.com/docs/error-codes/${d.code.replace(/_/g, "-")}`,
    message: d.message,
    ...(d.param ? { param: d.param } : {}),
    payment_method: clone(pm),
    type: "card_error",
  };
  engine.emit("charge.failed", charge);
  engine.emit("payment_intent.payment_failed", pi);
  engine.fire("payment_intent.payment_failed", pi.id);
  engine.store.markDirty();
  return declineError(d, { charge: charge.id, payment_intent: pi, payment_method: pm });
}

/**
 * Confirms with the params of `POST /v1/payment_intents/:id/confirm` (or create with confirm=true).
 * Returns the PI, or throws the 402 / 400 Stripe would answer.
 */
export function confirmPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  p: Params,
  version: ApiVersion,
  opts: ConfirmOptions,
): Stripe.PaymentIntent {
  const meta = intentMeta(engine, "payment_intent", pi.id);
  if (!opts.internal && meta.checkoutSession) {
    throw unexpectedState(
      "payment_intent",
      "You cannot confirm this PaymentIntent because it is owned by a Checkout Session. Use the Checkout Session instead.",
    );
  }
  if (pi.status === "succeeded") {
    throw unexpectedState(
      "payment_intent",
      "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.",
      { payment_intent: pi },
    );
  }
  if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) {
    throw unexpectedState(
      "payment_intent",
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      { payment_intent: pi },
    );
  }
  readPaymentMethodTypes(p, version);
  const offSession = readOffSession(p) ?? false;
  const returnUrl = p.text("return_url") ?? null;
  const useStripeSdk = p.bool("use_stripe_sdk") ?? false;
  const errorOnRequiresAction = p.bool("error_on_requires_action") ?? false;
  const amp = pi.automatic_payment_methods;
  if (errorOnRequiresAction && amp?.enabled) {
    throw invalidRequest(
      "The parameter `error_on_requires_action` cannot be used with automatic payment methods. Use `payment_method_types` instead.",
      { param: "error_on_requires_action" },
    );
  }
  const redirectsAllowed = amp?.enabled === true && amp.allow_redirects !== "never";
  // Stripe.js confirms cards with use_stripe_sdk and handles the challenge itself.
  const viaStripeJs = opts.publishable && useStripeSdk;
  if (redirectsAllowed && !offSession && !returnUrl && !viaStripeJs && !opts.internal) {
    returnUrlRequired("Payment Intent");
  }

  const previousPm = pi.payment_method;
  const pm = pickPaymentMethod(
    engine,
    p,
    typeof pi.payment_method === "string" ? pi.payment_method : null,
    opts.publishable,
  );
  if (!pm) {
    const customer = typeof pi.customer === "string" ? pi.customer : null;
    throw unexpectedState(
      "payment_intent",
      customer
        ? `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${customer}, specify a payment method attached to this customer along with the customer ID.`
        : "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { payment_intent: pi },
    );
  }
  checkPaymentMethodUsable(engine, pm, typeof pi.customer === "string" ? pi.customer : null);

  const sfu = p.str("setup_future_usage");
  if (sfu !== undefined)
    pi.setup_future_usage =
      sfu === "" ? null : (p.oneOf("setup_future_usage", ["on_session", "off_session"]) ?? null);
  if (p.has("receipt_email")) pi.receipt_email = p.nullableText("receipt_email") ?? null;
  if (p.has("shipping"))
    pi.shipping = readShipping(p.obj("shipping")) as Stripe.PaymentIntent.Shipping | null;
  if (pi.status !== "requires_confirmation" || previousPm !== pm.id) meta.authenticated = false;
  meta.offSession = offSession;
  meta.returnUrl = returnUrl;
  meta.viaStripeJs = viaStripeJs;
  pi.payment_method = pm.id;
  pi.last_payment_error = null;

  const card = pmMeta(engine, pm.id);
  const auth = meta.authenticated
    ? "none"
    : needsAuthentication(card.behavior, {
        offSession,
        setUpForOffSession: card.setUpForOffSession,
        step: "payment",
      });
  if (auth === "fail_off_session") {
    throw decline(engine, pi, pm, {
      code: "authentication_required",
      decline_code: "authentication_required",
      message: "Your card was declined. This transaction requires authentication.",
    });
  }
  if (auth === "challenge") {
    if (errorOnRequiresAction) {
      throw decline(engine, pi, pm, {
        code: "authentication_required",
        decline_code: "authentication_not_handled",
        message:
          "This payment required an authentication action to complete, but `error_on_requires_action` was set. When you're ready, you can upgrade your integration to handle actions at https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.",
      });
    }
    pi.status = "requires_action";
    pi.next_action = nextActionFor(
      engine,
      "payment_intent",
      pi.id,
      pm.id,
      returnUrl,
      useStripeSdk,
    ) as Stripe.PaymentIntent.NextAction;
    engine.emit("payment_intent.requires_action", pi);
    engine.fire("payment_intent.requires_action", pi.id);
    engine.store.markDirty();
    return pi;
  }
  return charge(engine, pi, pm);
}

/** The card step after any authentication: decline or success per the card's behaviour. */
function charge(engine: Engine, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod): Stripe.PaymentIntent {
  const behavior = pmMeta(engine, pm.id).behavior;
  if (
    behavior.kind === "decline" ||
    behavior.kind === "charge_fail" ||
    behavior.kind === "auth_then_decline"
  ) {
    throw decline(engine, pi, pm, behavior.decline);
  }
  succeed(engine, pi, pm);
  return pi;
}

/**
 * Resolves a 3-D Secure challenge. Success continues the payment (which may still decline, for
 * …3178); failure returns the PI to requires_payment_method. Never throws for a decline: the
 * outcome is on the PI, as it would be after Stripe's challenge page.
 */
export function authenticatePaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  success: boolean,
): Stripe.PaymentIntent {
  if (pi.status !== "requires_action") {
    throw unexpectedState(
      "payment_intent",
      `This PaymentIntent has no pending authentication (status: ${pi.status}).`,
    );
  }
  const meta = intentMeta(engine, "payment_intent", pi.id);
  const pm = engine.store.get("payment_method", String(pi.payment_method));
  if (!pm) throw invalidRequest("This PaymentIntent has no payment method to authenticate.");
  if (!success) {
    pi.status = "requires_payment_method";
    pi.next_action = null;
    pi.payment_method = null;
    pi.last_payment_error = {
      code: "payment_intent_authentication_failure",
      doc_url: "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
      message: AUTH_FAILURE_MESSAGE,
      payment_method: clone(pm),
      type: "invalid_request_error",
    };
    engine.emit("payment_intent.payment_failed", pi);
    engine.fire("payment_intent.payment_failed", pi.id);
    engine.store.markDirty();
    return pi;
  }
  meta.authenticated = true;
  if (pi.confirmation_method === "manual") {
    pi.status = "requires_confirmation";
    pi.next_action = null;
    engine.store.markDirty();
    return pi;
  }
  try {
    charge(engine, pi, pm);
  } catch (error) {
    if (!(error instanceof StripeError)) throw error;
  }
  return pi;
}

export function cancelPaymentIntent(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null,
  opts: { internal?: boolean } = {},
): Stripe.PaymentIntent {
  const meta = intentMeta(engine, "payment_intent", pi.id);
  if (!opts.internal && meta.checkoutSession && pi.status !== "requires_capture") {
    throw unexpectedState(
      "payment_intent",
      "You cannot cancel this PaymentIntent because it was created by Checkout. Expire the Checkout Session instead.",
    );
  }
  if (!opts.internal && meta.invoice) {
    throw unexpectedState(
      "payment_intent",
      "You cannot cancel this PaymentIntent because it was created by an invoice. Void the invoice instead.",
    );
  }
  const cancellable = [
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
    "processing",
  ];
  if (!cancellable.includes(pi.status)) {
    throw unexpectedState(
      "payment_intent",
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      { payment_intent: pi },
    );
  }
  if (pi.status === "requires_capture" && typeof pi.latest_charge === "string") {
    // Releasing an authorization shows as a full refund of the uncaptured charge.
    const ch = engine.store.get("charge", pi.latest_charge);
    if (ch) {
      ch.amount_refunded = ch.amount;
      ch.refunded = true;
    }
  }
  pi.status = "canceled";
  pi.canceled_at = engine.now();
  pi.cancellation_reason = reason;
  pi.next_action = null;
  pi.amount_capturable = 0;
  engine.emit("payment_intent.canceled", pi);
  engine.store.markDirty();
  return pi;
}

function createFromParams(
  engine: Engine,
  p: Params,
  version: ApiVersion,
  publishable: boolean,
): Stripe.PaymentIntent {
  const amount = p.int("amount", { required: true, min: 0 }) ?? 0;
  const currency = currencyParam(p) ?? "usd";
  checkChargeAmount(amount, currency);
  const customerId = p.text("customer");
  if (customerId) customerParam(engine, customerId);
  const types = readPaymentMethodTypes(p, version);
  const amp = readAutomaticPaymentMethods(p, version, types);
  const confirm = p.bool("confirm") ?? false;
  if (!confirm) {
    if (readOffSession(p) !== undefined) {
      throw invalidRequest("You can only pass `off_session` when `confirm` is true.", {
        param: "off_session",
      });
    }
    if (p.has("return_url")) {
      throw invalidRequest("You can only pass `return_url` when `confirm` is true.", { param: "return_url" });
    }
    if (p.has("error_on_requires_action")) {
      throw invalidRequest("You can only pass `error_on_requires_action` when `confirm` is true.", {
        param: "error_on_requires_action",
      });
    }
  }
  const captureMethod = p.oneOf("capture_method", ["automatic", "automatic_async", "manual"]);
  const sfu = p.oneOf("setup_future_usage", ["on_session", "off_session"]);
  const pi = insertPaymentIntent(engine, {
    amount,
    currency,
    customer: customerId ?? null,
    description: p.text("description") ?? null,
    metadata: metadataOf(p),
    setupFutureUsage: sfu ?? null,
    automaticPaymentMethods: amp,
    ...(captureMethod ? { captureMethod } : {}),
    version,
  });
  if (types) pi.payment_method_types = types;
  pi.confirmation_method = p.oneOf("confirmation_method", ["automatic", "manual"]) ?? "automatic";
  pi.receipt_email = p.text("receipt_email") ?? null;
  pi.statement_descriptor = p.text("statement_descriptor") ?? null;
  pi.statement_descriptor_suffix = p.text("statement_descriptor_suffix") ?? null;
  pi.shipping = readShipping(p.obj("shipping")) as Stripe.PaymentIntent.Shipping | null;
  const excluded = p.strings("excluded_payment_method_types");
  if (excluded)
    pi.excluded_payment_method_types = excluded as Stripe.PaymentIntent.ExcludedPaymentMethodType[];
  const allowed = p.strings("allowed_payment_method_types");
  if (allowed) pi.allowed_payment_method_types = allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[];
  if (!confirm) {
    const pm = pickPaymentMethod(engine, p, null, publishable);
    if (pm) {
      checkPaymentMethodUsable(engine, pm, pi.customer as string | null);
      pi.payment_method = pm.id;
      pi.status = "requires_confirmation";
    }
  }
  engine.emit("payment_intent.created", pi);
  if (confirm) return confirmPaymentIntent(engine, pi, p, version, { publishable });
  return pi;
}

function updateFromParams(
  engine: Engine,
  pi: Stripe.PaymentIntent,
  p: Params,
  version: ApiVersion,
): Stripe.PaymentIntent {
  if (["succeeded", "canceled"].includes(pi.status)) {
    throw unexpectedState(
      "payment_intent",
      `You cannot update this PaymentIntent because it has a status of ${pi.status}. Updates are only allowed when the status is one of requires_payment_method, requires_confirmation, requires_action.`,
    );
  }
  readPaymentMethodTypes(p, version);
  if (p.has("amount")) {
    const amount = p.int("amount", { required: true, min: 0 }) ?? pi.amount;
    checkChargeAmount(amount, pi.currency);
    pi.amount = amount;
  }
  if (p.has("currency")) pi.currency = currencyParam(p) ?? pi.currency;
  if (p.has("customer")) {
    const c = p.nullableText("customer");
    if (c) customerParam(engine, c);
    pi.customer = c ?? null;
  }
  if (p.has("description")) pi.description = p.nullableText("description") ?? null;
  pi.metadata = applyMetadata(pi.metadata, p);
  if (p.has("receipt_email")) pi.receipt_email = p.nullableText("receipt_email") ?? null;
  if (p.has("setup_future_usage")) {
    pi.setup_future_usage = p.isEmpty("setup_future_usage")
      ? null
      : (p.oneOf("setup_future_usage", ["on_session", "off_session"]) ?? null);
  }
  if (p.has("shipping"))
    pi.shipping = readShipping(p.obj("shipping")) as Stripe.PaymentIntent.Shipping | null;
  if (p.has("statement_descriptor")) pi.statement_descriptor = p.nullableText("statement_descriptor") ?? null;
  if (p.has("statement_descriptor_suffix")) {
    pi.statement_descriptor_suffix = p.nullableText("statement_descriptor_suffix") ?? null;
  }
  if (p.has("capture_method")) {
    pi.capture_method =
      p.oneOf("capture_method", ["automatic", "automatic_async", "manual"]) ?? pi.capture_method;
  }
  if (p.has("payment_method") || p.has("payment_method_data")) {
    const pm = pickPaymentMethod(engine, p, null, false);
    if (pm) {
      checkPaymentMethodUsable(engine, pm, pi.customer as string | null);
      pi.payment_method = pm.id;
      pi.status = "requires_confirmation";
      pi.next_action = null;
    } else {
      pi.payment_method = null;
      pi.status = "requires_payment_method";
    }
  }
  pi.last_payment_error = null;
  engine.store.markDirty();
  return pi;
}

export function registerPaymentIntents(router: Router): void {
  router.post(
    "/v1/payment_intents",
    ({ engine, params, version, auth }) =>
      createFromParams(engine, params, version, auth.kind === "publishable"),
    { params: CREATE_PARAMS },
  );

  router.get(
    "/v1/payment_intents/:id",
    ({ engine, pathParams, params, auth }) => {
      const pi = getPaymentIntent(engine, pathParams.id ?? "");
      checkClientSecret(params, pi, auth.kind === "publishable", "PaymentIntent");
      return pi;
    },
    { publishable: "client_secret", params: [] },
  );

  router.post(
    "/v1/payment_intents/:id",
    ({ engine, pathParams, params, version }) =>
      updateFromParams(engine, getPaymentIntent(engine, pathParams.id ?? ""), params, version),
    { params: UPDATE_PARAMS },
  );

  router.post(
    "/v1/payment_intents/:id/confirm",
    ({ engine, pathParams, params, version, auth }) => {
      const pi = getPaymentIntent(engine, pathParams.id ?? "");
      const publishable = auth.kind === "publishable";
      checkClientSecret(params, pi, publishable, "PaymentIntent");
      return confirmPaymentIntent(engine, pi, params, version, { publishable });
    },
    { publishable: "client_secret", params: CONFIRM_PARAMS },
  );

  router.post(
    "/v1/payment_intents/:id/capture",
    ({ engine, pathParams, params }) => {
      const pi = getPaymentIntent(engine, pathParams.id ?? "");
      if (pi.status !== "requires_capture") {
        throw unexpectedState(
          "payment_intent",
          `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
          { payment_intent: pi },
        );
      }
      const amount =
        params.int("amount_to_capture", { min: 1, max: pi.amount_capturable }) ?? pi.amount_capturable;
      const ch =
        typeof pi.latest_charge === "string" ? engine.store.get("charge", pi.latest_charge) : undefined;
      if (ch) {
        ch.captured = true;
        ch.amount_captured = amount;
        ch.balance_transaction = newId("txn_");
        if (amount < ch.amount) ch.amount_refunded = ch.amount - amount;
        engine.emit("charge.captured", ch);
      }
      pi.amount_received = amount;
      pi.amount_capturable = 0;
      pi.status = "succeeded";
      pi.metadata = applyMetadata(pi.metadata, params);
      engine.emit("payment_intent.succeeded", pi);
      engine.fire("payment_intent.succeeded", pi.id);
      return pi;
    },
    {
      params: [
        "amount_to_capture",
        "metadata",
        "final_capture",
        "statement_descriptor",
        "statement_descriptor_suffix",
        "application_fee_amount",
        "transfer_data",
        "hooks",
        "amount_details",
        "payment_details",
      ],
    },
  );

  router.post(
    "/v1/payment_intents/:id/cancel",
    ({ engine, pathParams, params }) => {
      const reason = params.oneOf("cancellation_reason", [
        "duplicate",
        "fraudulent",
        "requested_by_customer",
        "abandoned",
      ]);
      return cancelPaymentIntent(engine, getPaymentIntent(engine, pathParams.id ?? ""), reason ?? null);
    },
    { params: ["cancellation_reason"] },
  );

  router.get(
    "/v1/payment_intents",
    ({ engine, params }) => {
      const customer = params.text("customer");
      const created = createdFilter(params);
      const items = engine.store
        .all("payment_intent")
        .filter((pi) => (!customer || pi.customer === customer) && created(pi.created));
      return paginate(items, params, "/v1/payment_intents", "payment_intent");
    },
    { params: [...LIST_PARAMS, "customer", "created", "customer_account"] },
  );
}
