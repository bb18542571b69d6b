/**
 * SetupIntents (spec §2.4): save a card for later. Declining cards fail here (except …0341),
 * 3-D Secure cards challenge, and a successful off-session setup marks the card as set up so
 * later off-session payments with …3155 succeed.
 */
import type Stripe from "stripe";
import { needsAuthentication } from "../cards";
import { clone, type Engine } from "../engine";
import { invalidRequest, noSuch, unexpectedState } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, type Params } from "../http/params";
import type { Router } from "../http/router";
import { clientSecretFor, newId } from "../ids";
import type { ApiVersion } from "../versions";
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
import { customerParam, metadataOf } from "./shared";

const CONFIRM_PARAMS = [
  "payment_method",
  "payment_method_data",
  "payment_method_options",
  "return_url",
  "use_stripe_sdk",
  "mandate_data",
  "confirmation_token",
  "payment_user_agent",
  "expected_payment_method_type",
] as const;

const CREATE_PARAMS = [
  ...CONFIRM_PARAMS,
  "customer",
  "customer_account",
  "confirm",
  "usage",
  "automatic_payment_methods",
  "payment_method_types",
  "excluded_payment_method_types",
  "allowed_payment_method_types",
  "description",
  "metadata",
  "single_use",
  "flow_directions",
  "attach_to_self",
  "on_behalf_of",
  "payment_method_configuration",
] as const;

export function getSetupIntent(engine: Engine, id: string): Stripe.SetupIntent {
  const si = engine.store.get("setup_intent", id);
  if (!si) throw noSuch("setup_intent", id);
  return si;
}

export function insertSetupIntent(
  engine: Engine,
  init: {
    customer: string | null;
    usage: "on_session" | "off_session";
    automaticPaymentMethods: Stripe.SetupIntent.AutomaticPaymentMethods | null;
    description?: string | null;
    metadata?: Record<string, string>;
  },
): Stripe.SetupIntent {
  const id = newId("seti_");
  const si: Stripe.SetupIntent = {
    id,
    object: "setup_intent",
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: init.automaticPaymentMethods,
    cancellation_reason: null,
    client_secret: clientSecretFor(id),
    created: engine.now(),
    customer: init.customer,
    customer_account: null,
    description: init.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: init.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: init.automaticPaymentMethods
      ? { id: "pmc_emulator_default", parent: null }
      : null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    single_use_mandate: null,
    status: "requires_payment_method",
    usage: init.usage,
  };
  engine.store.put("setup_intent", si);
  return si;
}

function succeed(engine: Engine, si: Stripe.SetupIntent, pm: Stripe.PaymentMethod): void {
  si.status = "succeeded";
  si.next_action = null;
  si.last_setup_error = null;
  si.payment_method = pm.id;
  si.latest_attempt = newId("setatt_");
  const customer = typeof si.customer === "string" ? si.customer : null;
  if (customer && !pm.customer) attachPaymentMethod(engine, pm, customer);
  if (si.usage === "off_session") pmMeta(engine, pm.id).setUpForOffSession = true;
  engine.emit("setup_intent.succeeded", si);
  engine.fire("setup_intent.succeeded", si.id);
  engine.store.markDirty();
}

export function confirmSetupIntent(
  engine: Engine,
  si: Stripe.SetupIntent,
  p: Params,
  opts: { publishable: boolean; internal?: boolean },
): Stripe.SetupIntent {
  if (!opts.internal && intentMeta(engine, "setup_intent", si.id).checkoutSession) {
    throw unexpectedState(
      "setup_intent",
      "You cannot confirm this SetupIntent because it is owned by a Checkout Session. Use the Checkout Session instead.",
    );
  }
  if (si.status === "succeeded") {
    throw unexpectedState(
      "setup_intent",
      "You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.",
      { setup_intent: si },
    );
  }
  if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(si.status)) {
    throw unexpectedState(
      "setup_intent",
      `You cannot confirm this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
      { setup_intent: si },
    );
  }
  const returnUrl = p.text("return_url") ?? null;
  const useStripeSdk = p.bool("use_stripe_sdk") ?? false;
  const amp = si.automatic_payment_methods;
  const redirectsAllowed = amp?.enabled === true && amp.allow_redirects !== "never";
  if (redirectsAllowed && !returnUrl && !(opts.publishable && useStripeSdk) && !opts.internal) {
    returnUrlRequired("Setup Intent");
  }
  const pm = pickPaymentMethod(
    engine,
    p,
    typeof si.payment_method === "string" ? si.payment_method : null,
    opts.publishable,
  );
  if (!pm) {
    throw unexpectedState(
      "setup_intent",
      "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { setup_intent: si },
    );
  }
  checkPaymentMethodUsable(engine, pm, typeof si.customer === "string" ? si.customer : null);
  si.payment_method = pm.id;
  const meta = intentMeta(engine, "setup_intent", si.id);
  meta.returnUrl = returnUrl;
  meta.viaStripeJs = opts.publishable && useStripeSdk;
  const card = pmMeta(engine, pm.id);
  if (card.behavior.kind === "decline") {
    const d = card.behavior.decline;
    si.status = "requires_payment_method";
    si.payment_method = null;
    si.latest_attempt = newId("setatt_");
    si.last_setup_error = {
      ...(d.advice_code ? { advice_code: d.advice_code } : {}),
      code: d.code,
      decline_code: d.decline_code,
      doc_url: `https://stripe.com/docs/error-codes/${d.code.replace(/_/g, "-")}`,
      message: d.message,
      ...(d.param ? { param: d.param } : {}),
      payment_method: clone(pm),
      type: "card_error",
    };
    engine.emit("setup_intent.setup_failed", si);
    engine.fire("setup_intent.setup_failed", si.id);
    engine.store.markDirty();
    throw declineError(d, { setup_intent: si, payment_method: pm });
  }
  const auth = needsAuthentication(card.behavior, {
    offSession: false,
    setUpForOffSession: card.setUpForOffSession,
    step: "setup",
  });
  if (auth === "challenge") {
    si.status = "requires_action";
    si.next_action = nextActionFor(
      engine,
      "setup_intent",
      si.id,
      pm.id,
      returnUrl,
      useStripeSdk,
    ) as Stripe.SetupIntent.NextAction;
    engine.emit("setup_intent.requires_action", si);
    engine.store.markDirty();
    return si;
  }
  succeed(engine, si, pm);
  return si;
}

export function authenticateSetupIntent(
  engine: Engine,
  si: Stripe.SetupIntent,
  success: boolean,
): Stripe.SetupIntent {
  if (si.status !== "requires_action") {
    throw unexpectedState(
      "setup_intent",
      `This SetupIntent has no pending authentication (status: ${si.status}).`,
    );
  }
  const pm = engine.store.get("payment_method", String(si.payment_method));
  if (!pm) throw invalidRequest("This SetupIntent has no payment method to authenticate.");
  if (success) {
    succeed(engine, si, pm);
    return si;
  }
  si.status = "requires_payment_method";
  si.next_action = null;
  si.payment_method = null;
  si.last_setup_error = {
    code: "setup_intent_authentication_failure",
    doc_url: "https://stripe.com/docs/error-codes/setup-intent-authentication-failure",
    message:
      "The latest attempt to set up the payment method has failed because authentication failed. Provide a new payment method to attempt to set up again.",
    payment_method: clone(pm),
    type: "invalid_request_error",
  };
  engine.emit("setup_intent.setup_failed", si);
  engine.fire("setup_intent.setup_failed", si.id);
  engine.store.markDirty();
  return si;
}

export function cancelSetupIntent(
  engine: Engine,
  si: Stripe.SetupIntent,
  reason: Stripe.SetupIntent.CancellationReason | null,
  opts: { internal?: boolean } = {},
): Stripe.SetupIntent {
  if (!opts.internal && intentMeta(engine, "setup_intent", si.id).checkoutSession) {
    throw unexpectedState(
      "setup_intent",
      "You cannot cancel this SetupIntent because it was created by Checkout. Expire the Checkout Session instead.",
    );
  }
  if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(si.status)) {
    throw unexpectedState(
      "setup_intent",
      `You cannot cancel this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be canceled: requires_payment_method, requires_confirmation, requires_action.`,
      { setup_intent: si },
    );
  }
  si.status = "canceled";
  si.cancellation_reason = reason;
  si.next_action = null;
  engine.emit("setup_intent.canceled", si);
  engine.store.markDirty();
  return si;
}

function createFromParams(
  engine: Engine,
  p: Params,
  version: ApiVersion,
  publishable: boolean,
): Stripe.SetupIntent {
  const customer = p.text("customer");
  if (customer) customerParam(engine, customer);
  const types = readPaymentMethodTypes(p, version);
  const amp = readAutomaticPaymentMethods(p, version, types);
  const confirm = p.bool("confirm") ?? false;
  if (!confirm && p.has("return_url")) {
    throw invalidRequest("You can only pass `return_url` when `confirm` is true.", { param: "return_url" });
  }
  const si = insertSetupIntent(engine, {
    customer: customer ?? null,
    usage: p.oneOf("usage", ["on_session", "off_session"]) ?? "off_session",
    automaticPaymentMethods: amp,
    description: p.text("description") ?? null,
    metadata: metadataOf(p),
  });
  if (types) si.payment_method_types = types;
  if (!confirm) {
    const pm = pickPaymentMethod(engine, p, null, publishable);
    if (pm) {
      checkPaymentMethodUsable(engine, pm, si.customer as string | null);
      si.payment_method = pm.id;
      si.status = "requires_confirmation";
    }
  }
  engine.emit("setup_intent.created", si);
  if (confirm) return confirmSetupIntent(engine, si, p, { publishable });
  return si;
}

export function registerSetupIntents(router: Router): void {
  router.post(
    "/v1/setup_intents",
    ({ engine, params, version, auth }) =>
      createFromParams(engine, params, version, auth.kind === "publishable"),
    { params: CREATE_PARAMS },
  );

  router.get(
    "/v1/setup_intents/:id",
    ({ engine, pathParams, params, auth }) => {
      const si = getSetupIntent(engine, pathParams.id ?? "");
      checkClientSecret(params, si, auth.kind === "publishable", "SetupIntent");
      return si;
    },
    { publishable: "client_secret", params: [] },
  );

  router.post(
    "/v1/setup_intents/:id",
    ({ engine, pathParams, params, version }) => {
      const si = getSetupIntent(engine, pathParams.id ?? "");
      if (["succeeded", "canceled"].includes(si.status)) {
        throw unexpectedState(
          "setup_intent",
          `You cannot update this SetupIntent because it has a status of ${si.status}.`,
        );
      }
      readPaymentMethodTypes(params, version);
      if (params.has("customer")) {
        const c = params.nullableText("customer");
        if (c) customerParam(engine, c);
        si.customer = c ?? null;
      }
      if (params.has("description")) si.description = params.nullableText("description") ?? null;
      si.metadata = applyMetadata(si.metadata ?? {}, params);
      if (params.has("payment_method") || params.has("payment_method_data")) {
        const pm = pickPaymentMethod(engine, params, null, false);
        if (pm) {
          checkPaymentMethodUsable(engine, pm, si.customer as string | null);
          si.payment_method = pm.id;
          si.status = "requires_confirmation";
        }
      }
      engine.store.markDirty();
      return si;
    },
    {
      params: [
        "customer",
        "description",
        "metadata",
        "payment_method",
        "payment_method_data",
        "payment_method_options",
        "payment_method_types",
        "excluded_payment_method_types",
        "allowed_payment_method_types",
        "flow_directions",
        "attach_to_self",
      ],
    },
  );

  router.post(
    "/v1/setup_intents/:id/confirm",
    ({ engine, pathParams, params, auth }) => {
      const si = getSetupIntent(engine, pathParams.id ?? "");
      const publishable = auth.kind === "publishable";
      checkClientSecret(params, si, publishable, "SetupIntent");
      return confirmSetupIntent(engine, si, params, { publishable });
    },
    { publishable: "client_secret", params: CONFIRM_PARAMS },
  );

  router.post(
    "/v1/setup_intents/:id/cancel",
    ({ engine, pathParams, params }) => {
      const reason = params.oneOf("cancellation_reason", ["abandoned", "duplicate", "requested_by_customer"]);
      return cancelSetupIntent(engine, getSetupIntent(engine, pathParams.id ?? ""), reason ?? null);
    },
    { params: ["cancellation_reason"] },
  );

  router.get(
    "/v1/setup_intents",
    ({ engine, params }) => {
      const customer = params.text("customer");
      const pm = params.text("payment_method");
      const created = createdFilter(params);
      const items = engine.store
        .all("setup_intent")
        .filter(
          (si) =>
            (!customer || si.customer === customer) &&
            (!pm || si.payment_method === pm) &&
            created(si.created),
        );
      return paginate(items, params, "/v1/setup_intents", "setup_intent");
    },
    {
      params: [...LIST_PARAMS, "customer", "payment_method", "created", "attach_to_self", "customer_account"],
    },
  );
}
