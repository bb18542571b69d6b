/**
 * Checkout Sessions in `payment`, `subscription` and `setup` modes (spec §2.7, §5), hosted by the
 * emulator at `<publicUrl>/c/pay/<id>`. Completion runs the same PaymentIntent / SetupIntent /
 * Subscription code as the API; a declined attempt leaves the session open.
 */
import type Stripe from "stripe";
import { createInvoiceItem } from "../billing/invoices";
import { createSubscription } from "../billing/subscriptions";
import { cardForNumber } from "../cards";
import { clone, type Engine } from "../engine";
import { invalidRequest, noSuch, StripeError } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, Params } from "../http/params";
import type { Router } from "../http/router";
import { randomBase62 } from "../ids";
import type { SessionMeta } from "../store";
import { type ApiVersion, gates } from "../versions";
import { createCustomer } from "./customers";
import { intentMeta } from "./intent-common";
import { cancelPaymentIntent, confirmPaymentIntent, insertPaymentIntent } from "./payment-intents";
import { attachPaymentMethod, readCardInput, storePaymentMethod } from "./payment-methods";
import { createPriceFrom, getPrice } from "./products-prices";
import { cancelSetupIntent, confirmSetupIntent, insertSetupIntent } from "./setup-intents";
import { customerParam, metadataOf } from "./shared";

const DAY = 86400;
const UI_MODES_NEW = ["hosted_page", "embedded_page", "elements"];
const UI_MODES_OLD: Record<string, string> = {
  hosted: "hosted_page",
  embedded: "embedded_page",
  custom: "elements",
};

export function getSession(engine: Engine, id: string): Stripe.Checkout.Session {
  const s = engine.store.get("checkout.session", id);
  if (!s) throw noSuch("checkout.session", id);
  return s;
}

export function sessionMeta(engine: Engine, id: string): SessionMeta {
  const meta = engine.store.state.meta.session[id];
  if (meta) return meta;
  const fresh: SessionMeta = {
    lineItems: [],
    paymentIntentData: {},
    subscriptionData: {},
    emailPrefill: null,
  };
  engine.store.state.meta.session[id] = fresh;
  return fresh;
}

/** `{CHECKOUT_SESSION_ID}` (literal or percent-encoded) → the session id. */
export function substituteSessionId(url: string, id: string): string {
  return url.replace(/\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D/gi, id);
}

function readUiMode(p: Params, version: ApiVersion): string {
  const raw = p.text("ui_mode");
  const dahlia = gates.dahliaUiModes(version);
  if (raw === undefined) return "hosted_page";
  let mode: string | undefined;
  if (dahlia) mode = UI_MODES_NEW.includes(raw) ? raw : undefined;
  else mode = UI_MODES_OLD[raw];
  if (!mode) {
    const allowed = dahlia ? UI_MODES_NEW : Object.keys(UI_MODES_OLD);
    throw invalidRequest(`Invalid ui_mode: must be one of ${allowed.join(", ")}`, { param: "ui_mode" });
  }
  if (mode !== "hosted_page") {
    throw invalidRequest(
      `The emulator hosts Checkout pages only (ui_mode=${dahlia ? "hosted_page" : "hosted"}); ${raw} is not emulated.`,
      { param: "ui_mode" },
    );
  }
  return mode;
}

function lineItemFrom(engine: Engine, p: Params, mode: string): Stripe.LineItem {
  p.allowOnly([
    "price",
    "price_data",
    "quantity",
    "adjustable_quantity",
    "dynamic_tax_rates",
    "tax_rates",
    "metadata",
  ]);
  let price: Stripe.Price;
  const priceId = p.text("price");
  if (priceId) price = getPrice(engine, priceId, p.name("price"));
  else {
    const data = p.obj("price_data");
    if (!data)
      throw invalidRequest("Missing required param: price.", {
        param: p.name("price"),
        code: "parameter_missing",
      });
    price = createPriceFrom(engine, data, { emit: false, inline: true });
  }
  if (priceId && !price.active) {
    throw invalidRequest(
      `The price specified (${price.id}) is inactive. This field only accepts active prices.`,
      {
        param: p.name("price"),
      },
    );
  }
  if (mode === "payment" && price.type === "recurring") {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      { param: p.name("price") },
    );
  }
  const quantity = p.int("quantity", { required: true, min: 1, max: 999999 }) ?? 1;
  const amount = (price.unit_amount ?? 0) * quantity;
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  return {
    id: `li_${randomBase62(24)}`,
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: engine.store.get("product", productId)?.name ?? null,
    metadata: metadataOf(p),
    price: clone(price),
    quantity,
  };
}

function createSession(engine: Engine, p: Params, version: ApiVersion): Stripe.Checkout.Session {
  const mode = p.oneOf("mode", ["payment", "subscription", "setup"]) ?? "payment";
  const uiMode = readUiMode(p, version);
  const now = engine.now();
  const customerId = p.text("customer");
  const customerEmail = p.text("customer_email");
  if (customerId && customerEmail) {
    throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", {
      param: "customer_email",
    });
  }
  const customer = customerId ? customerParam(engine, customerId) : null;
  const creation = p.oneOf("customer_creation", ["if_required", "always"]);
  if (creation && mode !== "payment") {
    throw invalidRequest("`customer_creation` can only be used in `payment` mode.", {
      param: "customer_creation",
    });
  }
  const itemParams = p.objects("line_items") ?? [];
  if (mode !== "setup" && itemParams.length === 0) {
    throw invalidRequest(`\`line_items\` is required in \`${mode}\` mode.`, {
      param: "line_items",
      code: "parameter_missing",
    });
  }
  const lineItems = itemParams.map((ip) => lineItemFrom(engine, ip, mode));
  const currencies = new Set(lineItems.map((li) => li.currency));
  if (currencies.size > 1)
    throw invalidRequest("All line items must use the same currency.", { param: "line_items" });
  if (mode === "subscription" && !lineItems.some((li) => li.price?.type === "recurring")) {
    throw invalidRequest(
      "You must provide at least one recurring price in `subscription` mode when using prices.",
      {
        param: "line_items",
      },
    );
  }
  const expiresAt = p.int("expires_at") ?? now + DAY;
  if (expiresAt < now + 30 * 60 || expiresAt > now + DAY) {
    throw invalidRequest(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
      { param: "expires_at" },
    );
  }
  const pid = p.obj("payment_intent_data");
  if (pid && mode !== "payment") {
    throw invalidRequest("You can only specify `payment_intent_data` in `payment` mode.", {
      param: "payment_intent_data",
    });
  }
  const sd = p.obj("subscription_data");
  if (sd && mode !== "subscription") {
    throw invalidRequest("You can only specify `subscription_data` in `subscription` mode.", {
      param: "subscription_data",
    });
  }
  const trialDays = sd?.int("trial_period_days", { min: 1, max: 730 });
  const successUrl = p.text("success_url") ?? null;
  const cancelUrl = p.text("cancel_url") ?? null;
  for (const [key, value] of [
    ["success_url", successUrl],
    ["cancel_url", cancelUrl],
  ] as const) {
    if (value && !URL.canParse(substituteSessionId(value, "cs_test_x"))) {
      throw invalidRequest(`Not a valid URL`, { param: key, code: "url_invalid" });
    }
  }
  const amount = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  const firstPaymentAmount =
    mode === "subscription" && trialDays
      ? lineItems.filter((li) => li.price?.type !== "recurring").reduce((s, li) => s + li.amount_total, 0)
      : amount;
  const id = `cs_test_${randomBase62(58)}`;
  const currency =
    mode === "setup" ? (p.text("currency")?.toLowerCase() ?? null) : (lineItems[0]?.currency ?? null);
  const session: Stripe.Checkout.Session = {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: p.bool("allow_promotion_codes") ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: mode === "setup" ? null : amount,
    amount_total: mode === "setup" ? null : firstPaymentAmount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: p.oneOf("billing_address_collection", ["auto", "required"]) ?? null,
    cancel_url: cancelUrl,
    client_reference_id: p.text("client_reference_id") ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation:
      mode === "payment" ? (creation ?? "if_required") : mode === "subscription" ? "always" : null,
    customer_details: customer
      ? {
          address: null,
          business_name: null,
          email: customer.email,
          individual_name: null,
          name: customer.name ?? null,
          phone: null,
          tax_exempt: "none",
          tax_ids: null,
        }
      : null,
    customer_email: customerEmail ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      mode === "payment"
        ? {
            enabled: false,
            invoice_data: {
              account_tax_ids: null,
              custom_fields: null,
              description: null,
              footer: null,
              issuer: null,
              metadata: {},
              rendering_options: null,
            },
          }
        : null,
    livemode: false,
    locale: (p.text("locale") as Stripe.Checkout.Session.Locale | undefined) ?? null,
    managed_payments: null,
    metadata: metadataOf(p),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === "subscription" ? "always" : null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status:
      mode === "setup" || (mode === "subscription" && firstPaymentAmount === 0)
        ? "no_payment_required"
        : "unpaid",
    permissions: null,
    phone_number_collection: { enabled: p.obj("phone_number_collection")?.bool("enabled") ?? false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: (p.text("submit_type") as Stripe.Checkout.Session.SubmitType | undefined) ?? null,
    subscription: null,
    success_url: successUrl,
    total_details: mode === "setup" ? null : { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: uiMode as Stripe.Checkout.Session.UiMode,
    url: engine.url(`/c/pay/${id}`),
    wallet_options: null,
  };
  engine.store.put("checkout.session", session);
  const meta = sessionMeta(engine, id);
  meta.lineItems = lineItems;
  meta.emailPrefill = customer?.email ?? customerEmail ?? null;
  if (pid) {
    const sfu = pid.oneOf("setup_future_usage", ["on_session", "off_session"]);
    const description = pid.text("description");
    meta.paymentIntentData = {
      ...(sfu ? { setup_future_usage: sfu } : {}),
      metadata: metadataOf(pid),
      ...(description ? { description } : {}),
    };
  }
  if (sd) {
    const description = sd.text("description");
    meta.subscriptionData = {
      ...(trialDays ? { trial_period_days: trialDays } : {}),
      metadata: metadataOf(sd),
      ...(description ? { description } : {}),
    };
  }
  if (mode === "setup") {
    const si = insertSetupIntent(engine, {
      customer: customer?.id ?? null,
      usage: "off_session",
      automaticPaymentMethods: null,
      metadata: metadataOf(p.obj("setup_intent_data") ?? new Params({})),
    });
    intentMeta(engine, "setup_intent", si.id).checkoutSession = id;
    session.setup_intent = si.id;
    sessionMeta(engine, id).setupIntentId = si.id;
    engine.emit("setup_intent.created", si);
  }
  if (mode === "payment" && !gates.deferredCheckoutPaymentIntent(version)) {
    // Before 2022-08-01 the PaymentIntent existed from session creation.
    const pi = paymentIntentFor(engine, session, meta);
    session.payment_intent = pi.id;
  }
  engine.store.markDirty();
  return session;
}

function paymentIntentFor(
  engine: Engine,
  session: Stripe.Checkout.Session,
  meta: SessionMeta,
): Stripe.PaymentIntent {
  const existing = meta.paymentIntentId
    ? engine.store.get("payment_intent", meta.paymentIntentId)
    : undefined;
  if (existing && existing.status !== "canceled") return existing;
  const pi = insertPaymentIntent(engine, {
    amount: session.amount_total ?? 0,
    currency: session.currency ?? "usd",
    customer: typeof session.customer === "string" ? session.customer : null,
    description: meta.paymentIntentData.description ?? null,
    metadata: meta.paymentIntentData.metadata ?? {},
    setupFutureUsage:
      session.mode === "subscription" ? "off_session" : (meta.paymentIntentData.setup_future_usage ?? null),
    automaticPaymentMethods: null,
    version: engine.config.apiVersion,
  });
  const piMeta = intentMeta(engine, "payment_intent", pi.id);
  piMeta.checkoutSession = session.id;
  piMeta.checkoutSubscription = session.mode === "subscription";
  meta.paymentIntentId = pi.id;
  engine.emit("payment_intent.created", pi);
  return pi;
}

export function expireSession(engine: Engine, session: Stripe.Checkout.Session): Stripe.Checkout.Session {
  if (session.status !== "open") {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
    );
  }
  const meta = sessionMeta(engine, session.id);
  session.status = "expired";
  session.url = null;
  const pi = meta.paymentIntentId ? engine.store.get("payment_intent", meta.paymentIntentId) : undefined;
  if (pi && !["succeeded", "canceled"].includes(pi.status))
    cancelPaymentIntent(engine, pi, "abandoned", { internal: true });
  const si = meta.setupIntentId ? engine.store.get("setup_intent", meta.setupIntentId) : undefined;
  if (si && !["succeeded", "canceled"].includes(si.status))
    cancelSetupIntent(engine, si, "abandoned", { internal: true });
  engine.emit("checkout.session.expired", session);
  engine.store.markDirty();
  return session;
}

export interface PayerInput {
  /** A test card number, or a PaymentMethod id / magic id (`pm_card_visa`). */
  card: string;
  expMonth?: number;
  expYear?: number;
  cvc?: string;
  email?: string | null;
  name?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export type PayOutcome =
  | { kind: "complete"; redirectUrl: string | null }
  | { kind: "declined"; error: StripeError }
  | { kind: "requires_action"; challengeUrl: string };

/** Who pays: the session's customer, or a new one when the mode or settings need it. */
function ensureCustomer(
  engine: Engine,
  session: Stripe.Checkout.Session,
  input: PayerInput,
  required: boolean,
): string | null {
  if (typeof session.customer === "string") return session.customer;
  if (!required) return null;
  const email = input.email ?? session.customer_email ?? null;
  const customer = createCustomer(
    engine,
    new Params({ ...(email ? { email } : {}), ...(input.name ? { name: input.name } : {}) }),
  );
  session.customer = customer.id;
  return customer.id;
}

function paymentMethodFor(engine: Engine, input: PayerInput): Stripe.PaymentMethod {
  const billing: Stripe.PaymentMethod.BillingDetails = {
    address: {
      city: null,
      country: input.country ?? "US",
      line1: null,
      line2: null,
      postal_code: input.postalCode ?? null,
      state: null,
    },
    email: input.email ?? null,
    name: input.name ?? null,
    phone: null,
    tax_id: null,
  };
  const now = new Date(engine.clock.nowMs());
  const card = readCardInput(
    engine,
    new Params({
      number: input.card,
      exp_month: String(input.expMonth ?? 12),
      exp_year: String(input.expYear ?? now.getUTCFullYear() + 3),
      ...(input.cvc ? { cvc: input.cvc } : {}),
    }),
  );
  return storePaymentMethod(engine, cardForNumber(card.number), {
    expMonth: card.expMonth,
    expYear: card.expYear,
    cvcChecked: card.cvc !== undefined,
    billing,
  });
}

/**
 * What the hosted page's Pay button does: create the card's PaymentMethod, then per mode confirm
 * the PaymentIntent / SetupIntent. Success completes the session (through the intent hooks).
 */
export function paySession(engine: Engine, session: Stripe.Checkout.Session, input: PayerInput): PayOutcome {
  if (session.status === "open" && session.expires_at <= engine.now()) expireSession(engine, session);
  if (session.status !== "open") {
    throw invalidRequest(`This Checkout Session is ${session.status}; it can no longer be paid.`);
  }
  const meta = sessionMeta(engine, session.id);
  const returnUrl = engine.url(`/c/pay/${session.id}/return`);
  try {
    const pm = paymentMethodFor(engine, input);
    const trial = session.mode === "subscription" && !!meta.subscriptionData.trial_period_days;
    if (session.mode === "setup" || trial) {
      const needsCustomer = session.mode === "subscription";
      const customer = ensureCustomer(engine, session, input, needsCustomer);
      let si = meta.setupIntentId ? engine.store.get("setup_intent", meta.setupIntentId) : undefined;
      if (!si || si.status === "canceled") {
        si = insertSetupIntent(engine, { customer, usage: "off_session", automaticPaymentMethods: null });
        intentMeta(engine, "setup_intent", si.id).checkoutSession = session.id;
        meta.setupIntentId = si.id;
        if (session.mode === "setup") session.setup_intent = si.id;
        engine.emit("setup_intent.created", si);
      }
      if (customer && !si.customer) si.customer = customer;
      confirmSetupIntent(engine, si, new Params({ payment_method: pm.id, return_url: returnUrl }), {
        publishable: false,
        internal: true,
      });
      if (si.status === "requires_action" && si.next_action?.redirect_to_url?.url) {
        return { kind: "requires_action", challengeUrl: si.next_action.redirect_to_url.url };
      }
    } else {
      const needsCustomer =
        session.mode === "subscription" ||
        session.customer_creation === "always" ||
        meta.paymentIntentData.setup_future_usage !== undefined;
      const customer = ensureCustomer(engine, session, input, needsCustomer);
      if (session.mode === "subscription" && customer) attachPaymentMethod(engine, pm, customer);
      const pi = paymentIntentFor(engine, session, meta);
      if (customer && !pi.customer) pi.customer = customer;
      confirmPaymentIntent(
        engine,
        pi,
        new Params({ payment_method: pm.id, return_url: returnUrl }),
        engine.config.apiVersion,
        { publishable: false, internal: true },
      );
      if (pi.status === "requires_action" && pi.next_action?.redirect_to_url?.url) {
        return { kind: "requires_action", challengeUrl: pi.next_action.redirect_to_url.url };
      }
    }
  } catch (error) {
    if (error instanceof StripeError && (error.status === 402 || error.status === 400)) {
      meta.lastError = error.message;
      return { kind: "declined", error };
    }
    throw error;
  }
  return outcomeOf(engine, session);
}

/** After a payment or challenge: where the payer goes next. */
export function outcomeOf(engine: Engine, session: Stripe.Checkout.Session): PayOutcome {
  if (session.status === "complete") {
    return {
      kind: "complete",
      redirectUrl: session.success_url ? substituteSessionId(session.success_url, session.id) : null,
    };
  }
  const meta = sessionMeta(engine, session.id);
  const pi = meta.paymentIntentId ? engine.store.get("payment_intent", meta.paymentIntentId) : undefined;
  const si = meta.setupIntentId ? engine.store.get("setup_intent", meta.setupIntentId) : undefined;
  const err = pi?.last_payment_error ?? si?.last_setup_error;
  const message =
    err?.code === "payment_intent_authentication_failure" ||
    err?.code === "setup_intent_authentication_failure"
      ? "We are unable to authenticate your payment method. Please choose a different payment method and try again."
      : (err?.message ?? "Your payment could not be completed.");
  return {
    kind: "declined",
    error: new StripeError({
      status: 402,
      type: "card_error",
      code: err?.code,
      decline_code: err?.decline_code,
      message,
    }),
  };
}

/** Finishes a session once its money (or card setup) is in. */
function completeSession(
  engine: Engine,
  session: Stripe.Checkout.Session,
  pm: Stripe.PaymentMethod | undefined,
  pi?: Stripe.PaymentIntent,
): void {
  if (session.status !== "open") return;
  const meta = sessionMeta(engine, session.id);
  if (session.mode === "subscription") {
    const customerId = typeof session.customer === "string" ? session.customer : null;
    const customer = customerId ? engine.store.get("customer", customerId) : undefined;
    if (!customer || !pm) return;
    const now = engine.now();
    for (const li of meta.lineItems) {
      if (li.price && li.price.type !== "recurring") {
        createInvoiceItem(engine, {
          customer: customer.id,
          amount: li.amount_total,
          currency: li.currency,
          description: `${li.quantity ?? 1} × ${li.description ?? "Item"}`,
          price: li.price,
          quantity: li.quantity ?? 1,
          period: { start: now, end: now },
          proration: false,
        });
      }
    }
    const trialDays = meta.subscriptionData.trial_period_days;
    const sub = createSubscription(engine, {
      customer,
      items: meta.lineItems
        .filter((li) => li.price?.type === "recurring")
        .map((li) => ({ price: li.price as Stripe.Price, quantity: li.quantity ?? 1, metadata: {} })),
      defaultPaymentMethod: pm.id,
      trialEnd: trialDays ? now + trialDays * DAY : null,
      metadata: meta.subscriptionData.metadata ?? {},
      description: meta.subscriptionData.description ?? null,
      paymentBehavior: "allow_incomplete",
      saveDefaultPaymentMethod: "off",
      offSession: true,
      billingCycleAnchor: null,
      prorationBehavior: "create_prorations",
      cancelAtPeriodEnd: false,
      cancelAt: null,
      collectionMethod: "charge_automatically",
      daysUntilDue: null,
      missingPaymentMethod: "create_invoice",
      ...(pi ? { paidBy: pi } : {}),
    });
    session.subscription = sub.id;
    session.invoice = typeof sub.latest_invoice === "string" ? sub.latest_invoice : null;
    session.payment_status = pi ? "paid" : "no_payment_required";
  } else if (session.mode === "payment") {
    session.payment_intent = pi?.id ?? session.payment_intent;
    session.payment_status = "paid";
    if (pi && typeof pi.customer === "string") session.customer = pi.customer;
  } else {
    session.payment_status = "no_payment_required";
  }
  const billing = pm?.billing_details;
  const customer =
    typeof session.customer === "string" ? engine.store.get("customer", session.customer) : undefined;
  session.customer_details = {
    address: billing?.address ?? null,
    business_name: null,
    email: billing?.email ?? customer?.email ?? session.customer_email ?? null,
    individual_name: null,
    name: billing?.name ?? customer?.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  session.status = "complete";
  session.url = null;
  engine.emit("checkout.session.completed", session);
  engine.store.markDirty();
}

export function registerCheckoutHooks(engine: Engine): void {
  engine.on("payment_intent.succeeded", (piId) => {
    const meta = engine.store.state.meta.payment_intent[piId];
    if (!meta?.checkoutSession) return;
    const session = engine.store.get("checkout.session", meta.checkoutSession);
    const pi = engine.store.get("payment_intent", piId);
    if (!session || !pi) return;
    const pm =
      typeof pi.payment_method === "string"
        ? engine.store.get("payment_method", pi.payment_method)
        : undefined;
    completeSession(engine, session, pm, pi);
  });
  engine.on("setup_intent.succeeded", (siId) => {
    const meta = engine.store.state.meta.setup_intent[siId];
    if (!meta?.checkoutSession) return;
    const session = engine.store.get("checkout.session", meta.checkoutSession);
    const si = engine.store.get("setup_intent", siId);
    if (!session || !si) return;
    const pm =
      typeof si.payment_method === "string"
        ? engine.store.get("payment_method", si.payment_method)
        : undefined;
    completeSession(engine, session, pm);
  });
  engine.includables.set("checkout.session.line_items", (owner) => {
    const meta = engine.store.state.meta.session[String(owner.id)];
    return {
      object: "list",
      data: meta?.lineItems ?? [],
      has_more: false,
      url: `/v1/checkout/sessions/${String(owner.id)}/line_items`,
    };
  });
  engine.onTick(() => {
    const now = engine.now();
    for (const s of engine.store.all("checkout.session")) {
      if (s.status === "open" && s.expires_at <= now) expireSession(engine, s);
    }
  });
}

export function registerCheckoutSessions(router: Router): void {
  router.post(
    "/v1/checkout/sessions",
    ({ engine, params, version }) => createSession(engine, params, version),
    {
      params: [
        "mode",
        "ui_mode",
        "line_items",
        "success_url",
        "cancel_url",
        "return_url",
        "client_reference_id",
        "metadata",
        "customer",
        "customer_email",
        "customer_creation",
        "payment_intent_data",
        "subscription_data",
        "setup_intent_data",
        "expires_at",
        "allow_promotion_codes",
        "locale",
        "submit_type",
        "billing_address_collection",
        "payment_method_types",
        "payment_method_collection",
        "currency",
        "automatic_tax",
        "tax_id_collection",
        "customer_update",
        "invoice_creation",
        "phone_number_collection",
        "shipping_address_collection",
        "consent_collection",
        "custom_text",
        "discounts",
        "redirect_on_completion",
        "saved_payment_method_options",
        "payment_method_options",
        "adaptive_pricing",
        "after_expiration",
      ],
    },
  );

  router.get("/v1/checkout/sessions/:id", ({ engine, pathParams }) =>
    getSession(engine, pathParams.id ?? ""),
  );

  router.post(
    "/v1/checkout/sessions/:id",
    ({ engine, pathParams, params }) => {
      const session = getSession(engine, pathParams.id ?? "");
      session.metadata = applyMetadata(session.metadata ?? {}, params);
      engine.store.markDirty();
      return session;
    },
    { params: ["metadata", "collected_information", "shipping_options", "line_items"] },
  );

  router.post(
    "/v1/checkout/sessions/:id/expire",
    ({ engine, pathParams }) => expireSession(engine, getSession(engine, pathParams.id ?? "")),
    { params: [] },
  );

  router.get(
    "/v1/checkout/sessions/:id/line_items",
    ({ engine, pathParams, params }) => {
      const session = getSession(engine, pathParams.id ?? "");
      const items = [...sessionMeta(engine, session.id).lineItems].reverse();
      return paginate(items, params, `/v1/checkout/sessions/${session.id}/line_items`, "item");
    },
    { params: LIST_PARAMS },
  );

  router.get(
    "/v1/checkout/sessions",
    ({ engine, params }) => {
      const pi = params.text("payment_intent");
      const customer = params.text("customer");
      const status = params.oneOf("status", ["open", "complete", "expired"]);
      const subscription = params.text("subscription");
      const created = createdFilter(params);
      const items = engine.store
        .all("checkout.session")
        .filter(
          (s) =>
            (!pi || s.payment_intent === pi) &&
            (!customer || s.customer === customer) &&
            (!status || s.status === status) &&
            (!subscription || s.subscription === subscription) &&
            created(s.created),
        );
      return paginate(items, params, "/v1/checkout/sessions", "checkout.session");
    },
    {
      params: [
        ...LIST_PARAMS,
        "payment_intent",
        "customer",
        "status",
        "subscription",
        "created",
        "payment_link",
        "customer_details",
        "customer_account",
      ],
    },
  );
}
