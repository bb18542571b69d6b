/** Rules shared by PaymentIntents and SetupIntents: client secrets, PM choice, 3-D Secure URLs. */
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { invalidRequest, missingParam } from "../http/errors";
import type { Params } from "../http/params";
import { randomBase62 } from "../ids";
import type { IntentMeta } from "../store";
import { type ApiVersion, gates } from "../versions";
import { paymentMethodFromData, pmMeta, REUSE_MESSAGE, resolvePaymentMethod } from "./payment-methods";

type IntentKind = "payment_intent" | "setup_intent";

export function intentMeta(engine: Engine, kind: IntentKind, id: string): IntentMeta {
  const map = engine.store.state.meta[kind];
  map[id] ??= {};
  return map[id];
}

/** Publishable-key access to an intent requires its client secret (Stripe.js always sends it). */
export function checkClientSecret(
  p: Params,
  intent: { client_secret: string | null },
  publishable: boolean,
  label: "PaymentIntent" | "SetupIntent",
): void {
  const given = p.text("client_secret");
  if (!publishable && given === undefined) return;
  if (given === undefined) throw missingParam("client_secret");
  if (given !== intent.client_secret) {
    throw invalidRequest(
      `The client_secret provided does not match the client_secret associated with the ${label}.`,
      { param: "client_secret" },
    );
  }
}

/** `payment_method_types` is read-only from endive on; before, it replaces automatic methods. */
export function readPaymentMethodTypes(p: Params, version: ApiVersion): string[] | undefined {
  if (!p.has("payment_method_types")) return undefined;
  if (gates.paymentMethodTypesReadOnly(version)) {
    throw invalidRequest(
      "The `payment_method_types` parameter is no longer supported in this API version. Use `excluded_payment_method_types` (or `allowed_payment_method_types`) instead, or rely on automatic payment methods.",
      { param: "payment_method_types", code: "payment_method_types_no_longer_supported" },
    );
  }
  const types = p.strings("payment_method_types") ?? [];
  const unsupported = types.find((t) => t !== "card");
  if (unsupported) {
    throw invalidRequest(`The emulator supports only card payments (got ${unsupported}).`, {
      param: "payment_method_types",
    });
  }
  return types;
}

export function readAutomaticPaymentMethods(
  p: Params,
  version: ApiVersion,
  explicitTypes: string[] | undefined,
): Stripe.PaymentIntent.AutomaticPaymentMethods | null {
  const amp = p.obj("automatic_payment_methods");
  if (amp) amp.allowOnly(["enabled", "allow_redirects"]);
  const enabled = amp?.bool("enabled");
  const allowRedirects = amp?.oneOf("allow_redirects", ["always", "never"]);
  if (explicitTypes && enabled) {
    throw invalidRequest(
      "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
      { param: "automatic_payment_methods" },
    );
  }
  if (explicitTypes) return null;
  if (enabled === false) return null;
  if (enabled === true || gates.automaticPaymentMethodsDefault(version)) {
    return { allow_redirects: allowRedirects ?? "always", enabled: true };
  }
  return null;
}

/** The PM a confirm uses: `payment_method`, `payment_method_data`, or the one already set. */
export function pickPaymentMethod(
  engine: Engine,
  p: Params,
  current: string | null,
  publishable: boolean,
): Stripe.PaymentMethod | undefined {
  const ref = p.text("payment_method");
  if (ref) return resolvePaymentMethod(engine, ref, "payment_method");
  const data = p.obj("payment_method_data");
  if (data) return paymentMethodFromData(engine, data, publishable);
  if (current) return engine.store.get("payment_method", current);
  return undefined;
}

/** Reuse / ownership rules between a PM and the intent's customer. */
export function checkPaymentMethodUsable(
  engine: Engine,
  pm: Stripe.PaymentMethod,
  customer: string | null,
): void {
  const meta = pmMeta(engine, pm.id);
  if (meta.consumed && !pm.customer) throw invalidRequest(REUSE_MESSAGE, { param: "payment_method" });
  if (pm.customer && customer && pm.customer !== customer) {
    throw invalidRequest(
      `The provided PaymentMethod is attached to another Customer (${String(pm.customer)}) than the one on this request (${customer}).`,
      { param: "payment_method" },
    );
  }
  if (pm.customer && !customer) {
    throw invalidRequest(
      "The provided PaymentMethod was previously attached to a Customer. To use it, also provide the ID of the Customer it is attached to.",
      { param: "payment_method" },
    );
  }
}

/** A fresh opaque token for the 3-D Secure page of an intent. */
export function challengeUrl(engine: Engine, kind: IntentKind, id: string): string {
  const meta = intentMeta(engine, kind, id);
  if (!meta.authToken) {
    meta.authToken = `${kind === "payment_intent" ? "pa" : "sa"}_${randomBase62(32)}`;
    engine.store.state.authTokens[meta.authToken] = id;
  }
  return engine.url(`/3ds/${meta.authToken}`);
}

export function nextActionFor(
  engine: Engine,
  kind: IntentKind,
  id: string,
  pmId: string,
  returnUrl: string | null,
  useStripeSdk: boolean,
) {
  const url = challengeUrl(engine, kind, id);
  if (returnUrl && !useStripeSdk) {
    return { type: "redirect_to_url" as const, redirect_to_url: { url, return_url: returnUrl } };
  }
  // use_stripe_sdk contents are private to Stripe.js; the stand-in reads `stripe_js`.
  return {
    type: "use_stripe_sdk" as const,
    use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: url, source: pmId },
  };
}

export function returnUrlRequired(kind: "Payment Intent" | "Setup Intent"): never {
  throw invalidRequest(
    `A \`return_url\` must be specified because this ${kind} is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set \`automatic_payment_methods[enabled]\` to \`true\` and \`automatic_payment_methods[allow_redirects]\` to \`never\` when creating Setup Intents and Payment Intents.`,
    { param: "return_url" },
  );
}

/** Appends Stripe's redirect query parameters before any `#hash`. */
export function withRedirectParams(returnUrl: string, params: Record<string, string>): string {
  const hashAt = returnUrl.indexOf("#");
  const base = hashAt < 0 ? returnUrl : returnUrl.slice(0, hashAt);
  const hash = hashAt < 0 ? "" : returnUrl.slice(hashAt);
  const qs = new URLSearchParams(params).toString();
  return `${base}${base.includes("?") ? "&" : "?"}${qs}${hash}`;
}
