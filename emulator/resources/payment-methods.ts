/**
 * PaymentMethods (cards). Created from raw card fields (publishable key: the Stripe.js path),
 * from a token, or from a magic test id (`pm_card_visa`, cloned into a fresh `pm_…` on each use).
 * Declining test cards are created fine and fail later, at attach / confirm (spec §3.2).
 */
import type Stripe from "stripe";
import {
  type Behavior,
  cardForAlias,
  cardForNumber,
  expectedCvcLength,
  luhnValid,
  type TestCard,
} from "../cards";
import { clone, type Engine, previousAttributes } from "../engine";
import { invalidRequest, noSuch, StripeError } from "../http/errors";
import { LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, type Params } from "../http/params";
import type { Router } from "../http/router";
import { cardFingerprint, newId } from "../ids";
import type { PaymentMethodMeta } from "../store";
import { customerParam, emptyAddress, metadataOf, readAddress } from "./shared";

const RAW_CARD_MESSAGE =
  "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable testing raw card data APIs, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.";

export const REUSE_MESSAGE =
  "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.";

function cardError(code: string, message: string, param: string): StripeError {
  return new StripeError({
    status: 402,
    type: "card_error",
    code,
    message,
    param,
    saveForIdempotency: false,
  });
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string | undefined;
}

/** Validates raw card fields the way the API does (Luhn, expiry, CVC length). */
export function readCardInput(engine: Engine, p: Params): CardInput {
  const rawNumber = p.text("number", { required: true }) ?? "";
  const number = rawNumber.replace(/[\s-]/g, "");
  if (!luhnValid(number))
    throw cardError("incorrect_number", "Your card number is incorrect.", p.name("number"));
  const expMonth = p.int("exp_month", { required: true }) ?? 0;
  let expYear = p.int("exp_year", { required: true }) ?? 0;
  if (expYear < 100) expYear += 2000;
  if (expMonth < 1 || expMonth > 12) {
    throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", p.name("exp_month"));
  }
  const now = new Date(engine.clock.nowMs());
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (expYear < year || expYear > year + 50) {
    throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", p.name("exp_year"));
  }
  if (expYear === year && expMonth < month) {
    throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", p.name("exp_month"));
  }
  const cvc = p.text("cvc");
  if (cvc !== undefined) {
    const card = cardForNumber(number);
    if (!/^\d+$/.test(cvc) || (cvc.length !== expectedCvcLength(card.brand) && cvc.length !== 3)) {
      throw cardError("invalid_cvc", "Your card's security code is invalid.", p.name("cvc"));
    }
  }
  return { number, expMonth, expYear, cvc };
}

function defaultExpiry(engine: Engine): { expMonth: number; expYear: number } {
  const now = new Date(engine.clock.nowMs());
  return { expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() + 3 };
}

function cardDetails(
  card: TestCard,
  input: { expMonth: number; expYear: number; cvcChecked: boolean },
): Stripe.PaymentMethod.Card {
  return {
    brand: card.brand,
    checks: {
      address_line1_check: null,
      address_postal_code_check: null,
      cvc_check: input.cvcChecked ? "pass" : null,
    },
    country: card.country,
    display_brand: card.brand === "amex" ? "american_express" : card.brand,
    exp_month: input.expMonth,
    exp_year: input.expYear,
    fingerprint: cardFingerprint(card.number),
    funding: card.funding,
    generated_from: null,
    last4: card.number.slice(-4),
    networks: { available: [card.brand], preferred: null },
    regulated_status: "unregulated",
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

export function readBillingDetails(p: Params | undefined, base?: Stripe.PaymentMethod.BillingDetails) {
  const details: Stripe.PaymentMethod.BillingDetails = base
    ? clone(base)
    : { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null };
  if (!p) return details;
  p.allowOnly(["address", "email", "name", "phone", "tax_id"]);
  if (p.has("address")) details.address = readAddress(p.obj("address")) ?? emptyAddress();
  if (p.has("email")) details.email = p.nullableText("email") ?? null;
  if (p.has("name")) details.name = p.nullableText("name") ?? null;
  if (p.has("phone")) details.phone = p.nullableText("phone") ?? null;
  if (p.has("tax_id")) details.tax_id = p.nullableText("tax_id") ?? null;
  return details;
}

export function storePaymentMethod(
  engine: Engine,
  card: TestCard,
  opts: {
    expMonth: number;
    expYear: number;
    cvcChecked: boolean;
    billing?: Stripe.PaymentMethod.BillingDetails;
    metadata?: Record<string, string>;
    allowRedisplay?: Stripe.PaymentMethod.AllowRedisplay;
  },
): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId("pm_"),
    object: "payment_method",
    allow_redisplay: opts.allowRedisplay ?? "unspecified",
    billing_details: opts.billing ?? {
      address: emptyAddress(),
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    card: cardDetails(card, opts),
    created: engine.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    type: "card",
  };
  engine.store.put("payment_method", pm);
  engine.store.state.meta.payment_method[pm.id] = {
    behavior: card.behavior,
    setUpForOffSession: false,
    consumed: false,
    ...(card.afterCharge ? { afterCharge: card.afterCharge } : {}),
  };
  return pm;
}

export function pmMeta(engine: Engine, id: string): PaymentMethodMeta {
  const meta = engine.store.state.meta.payment_method[id];
  if (meta) return meta;
  const fresh: PaymentMethodMeta = { behavior: { kind: "ok" }, setUpForOffSession: false, consumed: false };
  engine.store.state.meta.payment_method[id] = fresh;
  return fresh;
}

/** Token → card behaviour, marking the token used (tokens are single-use). */
function cardFromToken(
  engine: Engine,
  tokenId: string,
  param: string,
): { card: TestCard; exp?: { expMonth: number; expYear: number } } {
  const magic = cardForAlias(tokenId);
  if (magic) return { card: magic };
  const token = engine.store.get("token", tokenId);
  if (!token) throw noSuch("token", tokenId, param);
  if (token.used)
    throw invalidRequest(`You cannot use a Stripe token more than once: ${tokenId}.`, { param });
  token.used = true;
  const meta = engine.store.state.meta.payment_method[tokenId];
  const c = token.card;
  const base = cardForNumber("4242424242424242");
  const card: TestCard = {
    ...base,
    number: `${"0".repeat(12)}${c?.last4 ?? "4242"}`,
    brand: (c?.brand?.toLowerCase().replace("american express", "amex") as TestCard["brand"]) ?? "visa",
    behavior: meta?.behavior ?? ({ kind: "ok" } as Behavior),
    ...(meta?.afterCharge ? { afterCharge: meta.afterCharge } : {}),
  };
  return { card, exp: { expMonth: c?.exp_month ?? 12, expYear: c?.exp_year ?? 2099 } };
}

/**
 * A PaymentMethod named by a parameter: a stored `pm_…`, a magic `pm_card_…` id or a `tok_…`
 * (both cloned into a new `pm_…`), or 400 resource_missing on that param.
 */
export function resolvePaymentMethod(engine: Engine, ref: string, param: string): Stripe.PaymentMethod {
  const magic = cardForAlias(ref);
  if (magic) {
    return storePaymentMethod(engine, magic, { ...defaultExpiry(engine), cvcChecked: false });
  }
  if (ref.startsWith("tok_")) {
    const { card, exp } = cardFromToken(engine, ref, param);
    return storePaymentMethod(engine, card, { ...(exp ?? defaultExpiry(engine)), cvcChecked: true });
  }
  const pm = engine.store.get("payment_method", ref);
  if (!pm) throw noSuch("payment_method", ref, param);
  return pm;
}

/** The 402 a declining card produces, with the fields Stripe sets for that card. */
export function declineError(
  decline: { code: string; decline_code: string; message: string; param?: string; advice_code?: string },
  extra: Record<string, unknown> = {},
): StripeError {
  return new StripeError({
    status: 402,
    type: "card_error",
    code: decline.code,
    decline_code: decline.decline_code,
    advice_code: decline.advice_code,
    message: decline.message,
    param: decline.param,
    extra,
  });
}

/** Attach rules: decline cards fail (except …0341); consumed PMs cannot be reused. */
export function attachPaymentMethod(
  engine: Engine,
  pm: Stripe.PaymentMethod,
  customerId: string,
  opts: { emit?: boolean } = {},
): Stripe.PaymentMethod {
  const customer = customerParam(engine, customerId);
  const meta = pmMeta(engine, pm.id);
  if (pm.customer === customer.id) return pm;
  if (pm.customer) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      param: "payment_method",
    });
  }
  if (meta.consumed) {
    throw invalidRequest(
      "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.",
    );
  }
  if (meta.behavior.kind === "decline") {
    throw declineError(meta.behavior.decline, { payment_method: pm });
  }
  pm.customer = customer.id;
  engine.store.markDirty();
  if (opts.emit !== false) engine.emit("payment_method.attached", pm);
  return pm;
}

function createFromParams(
  engine: Engine,
  ctx: { params: Params; publishable: boolean },
): Stripe.PaymentMethod {
  const p = ctx.params;
  const type = p.text("type") ?? (p.has("card") ? "card" : undefined);
  if (p.has("payment_method") && !p.has("card")) {
    // Cloning a customer's PM (Connect) is out of scope; a plain id just resolves.
    return resolvePaymentMethod(engine, p.required("payment_method"), "payment_method");
  }
  if (type === undefined)
    throw invalidRequest("Missing required param: type.", { param: "type", code: "parameter_missing" });
  if (type !== "card") {
    throw invalidRequest(`The emulator supports only card PaymentMethods (got type=${type}).`, {
      param: "type",
    });
  }
  const cardParams = p.obj("card");
  if (!cardParams)
    throw invalidRequest("Missing required param: card.", { param: "card", code: "parameter_missing" });
  const billing = readBillingDetails(p.obj("billing_details"));
  const metadata = metadataOf(p);
  const allowRedisplay = p.oneOf("allow_redisplay", ["always", "limited", "unspecified"]);
  const common = { billing, metadata, ...(allowRedisplay ? { allowRedisplay } : {}) };
  const token = cardParams.text("token");
  if (token) {
    const { card, exp } = cardFromToken(engine, token, "card[token]");
    return storePaymentMethod(engine, card, {
      ...(exp ?? defaultExpiry(engine)),
      cvcChecked: true,
      ...common,
    });
  }
  if (!ctx.publishable && !engine.config.allowRawCardDataWithSecretKey) {
    throw new StripeError({
      status: 402,
      type: "invalid_request_error",
      message: RAW_CARD_MESSAGE,
      saveForIdempotency: false,
    });
  }
  const input = readCardInput(engine, cardParams);
  return storePaymentMethod(engine, cardForNumber(input.number), {
    expMonth: input.expMonth,
    expYear: input.expYear,
    cvcChecked: input.cvc !== undefined,
    ...common,
  });
}

/** Creates a PM from `payment_method_data` on an intent confirm. */
export function paymentMethodFromData(
  engine: Engine,
  data: Params,
  publishable: boolean,
): Stripe.PaymentMethod {
  return createFromParams(engine, { params: data, publishable });
}

export function registerPaymentMethods(router: Router): void {
  router.post(
    "/v1/payment_methods",
    ({ engine, params, auth }) => {
      const pm = createFromParams(engine, { params, publishable: auth.kind === "publishable" });
      const customer = params.text("customer");
      if (customer && auth.kind === "secret") attachPaymentMethod(engine, pm, customer);
      return pm;
    },
    {
      publishable: "always",
      params: [
        "type",
        "card",
        "billing_details",
        "metadata",
        "allow_redisplay",
        "customer",
        "payment_method",
        "radar_options",
        "payment_user_agent",
        "time_on_page",
        "guid",
        "muid",
        "sid",
        "_stripe_version",
        "referrer",
      ],
    },
  );

  router.get("/v1/payment_methods/:id", ({ engine, pathParams }) => {
    const id = pathParams.id ?? "";
    if (cardForAlias(id)) return resolvePaymentMethod(engine, id, "id");
    const pm = engine.store.get("payment_method", id);
    if (!pm) throw noSuch("payment_method", id);
    return pm;
  });

  router.post(
    "/v1/payment_methods/:id",
    ({ engine, pathParams, params }) => {
      const pm = engine.store.get("payment_method", pathParams.id ?? "");
      if (!pm) throw noSuch("payment_method", pathParams.id ?? "");
      if (!pm.customer) {
        throw invalidRequest("You must save this PaymentMethod to a customer before you can update it.");
      }
      const before = clone(pm);
      if (params.has("billing_details"))
        pm.billing_details = readBillingDetails(params.obj("billing_details"), pm.billing_details);
      pm.metadata = applyMetadata(pm.metadata ?? {}, params);
      const card = params.obj("card");
      if (card && pm.card) {
        card.allowOnly(["exp_month", "exp_year", "networks"]);
        const m = card.int("exp_month");
        const y = card.int("exp_year");
        if (m !== undefined) {
          if (m < 1 || m > 12)
            throw cardError(
              "invalid_expiry_month",
              "Your card's expiration month is invalid.",
              "card[exp_month]",
            );
          pm.card.exp_month = m;
        }
        if (y !== undefined) pm.card.exp_year = y < 100 ? 2000 + y : y;
      }
      const redisplay = params.oneOf("allow_redisplay", ["always", "limited", "unspecified"]);
      if (redisplay) pm.allow_redisplay = redisplay;
      const prev = previousAttributes(before, pm);
      if (Object.keys(prev).length > 0) engine.emit("payment_method.updated", pm, prev);
      engine.store.markDirty();
      return pm;
    },
    {
      params: ["billing_details", "metadata", "card", "allow_redisplay", "link", "us_bank_account", "payto"],
    },
  );

  router.get(
    "/v1/payment_methods",
    ({ engine, params }) => {
      const customer = params.text("customer");
      const type = params.text("type");
      if (customer) customerParam(engine, customer);
      const items = engine.store
        .all("payment_method")
        .filter((pm) => (!customer || pm.customer === customer) && (!type || pm.type === type));
      return paginate(items, params, "/v1/payment_methods", "payment_method");
    },
    { params: [...LIST_PARAMS, "customer", "type", "allow_redisplay"] },
  );

  router.post(
    "/v1/payment_methods/:id/attach",
    ({ engine, pathParams, params }) => {
      const id = pathParams.id ?? "";
      const pm = cardForAlias(id)
        ? resolvePaymentMethod(engine, id, "id")
        : engine.store.get("payment_method", id);
      if (!pm) throw noSuch("payment_method", id);
      return attachPaymentMethod(engine, pm, params.required("customer"));
    },
    { params: ["customer"] },
  );

  router.post(
    "/v1/payment_methods/:id/detach",
    ({ engine, pathParams }) => {
      const pm = engine.store.get("payment_method", pathParams.id ?? "");
      if (!pm) throw noSuch("payment_method", pathParams.id ?? "");
      if (!pm.customer) {
        throw invalidRequest(
          "The payment method you provided is not attached to a customer so detachment is impossible.",
        );
      }
      const customer = engine.store.get("customer", pm.customer as string);
      const previousCustomer = pm.customer;
      pm.customer = null;
      pmMeta(engine, pm.id).consumed = true;
      if (customer && customer.invoice_settings.default_payment_method === pm.id) {
        const before = clone(customer);
        customer.invoice_settings.default_payment_method = null;
        engine.emit("customer.updated", customer, previousAttributes(before, customer));
      }
      engine.emit("payment_method.detached", pm, { customer: previousCustomer });
      engine.store.markDirty();
      return pm;
    },
    { params: [] },
  );
}
