/** Legacy card tokens (`createToken`), single use; `tok_visa`-style test tokens need no creation. */
import type Stripe from "stripe";
import { cardForAlias, cardForNumber } from "../cards";
import { invalidRequest, noSuch, StripeError } from "../http/errors";
import type { Router } from "../http/router";
import { cardFingerprint, newId } from "../ids";
import { readCardInput } from "./payment-methods";

export function registerTokens(router: Router): void {
  router.post(
    "/v1/tokens",
    ({ engine, params, auth }) => {
      const cardParams = params.obj("card");
      if (!cardParams)
        throw invalidRequest("Missing required param: card.", { param: "card", code: "parameter_missing" });
      if (auth.kind === "secret" && !engine.config.allowRawCardDataWithSecretKey) {
        throw new StripeError({
          status: 402,
          type: "invalid_request_error",
          message:
            "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing.",
          saveForIdempotency: false,
        });
      }
      const input = readCardInput(engine, cardParams);
      const tc = cardForNumber(input.number);
      const card: Stripe.Card = {
        id: newId("card_"),
        object: "card",
        address_city: cardParams.text("address_city") ?? null,
        address_country: cardParams.text("address_country") ?? null,
        address_line1: cardParams.text("address_line1") ?? null,
        address_line1_check: null,
        address_line2: cardParams.text("address_line2") ?? null,
        address_state: cardParams.text("address_state") ?? null,
        address_zip: cardParams.text("address_zip") ?? null,
        address_zip_check: null,
        allow_redisplay: "unspecified",
        brand: brandLabel(tc.brand),
        country: tc.country,
        cvc_check: input.cvc ? "unchecked" : null,
        dynamic_last4: null,
        exp_month: input.expMonth,
        exp_year: input.expYear,
        fingerprint: cardFingerprint(tc.number),
        funding: tc.funding,
        last4: tc.number.slice(-4),
        metadata: {},
        name: cardParams.text("name") ?? null,
        regulated_status: "unregulated",
        tokenization_method: null,
      };
      const token: Stripe.Token = {
        id: newId("tok_"),
        object: "token",
        card,
        client_ip: null,
        created: engine.now(),
        livemode: false,
        type: "card",
        used: false,
      };
      engine.store.put("token", token);
      engine.store.state.meta.payment_method[token.id] = {
        behavior: tc.behavior,
        setUpForOffSession: false,
        consumed: false,
        ...(tc.afterCharge ? { afterCharge: tc.afterCharge } : {}),
      };
      return token;
    },
    {
      publishable: "always",
      params: ["card", "payment_user_agent", "time_on_page", "guid", "muid", "sid", "referrer"],
    },
  );

  router.get("/v1/tokens/:id", ({ engine, pathParams }) => {
    const id = pathParams.id ?? "";
    const token = engine.store.get("token", id);
    if (token) return token;
    if (cardForAlias(id))
      throw invalidRequest(`Test tokens like ${id} can be used directly; they cannot be retrieved.`);
    throw noSuch("token", id);
  });
}

function brandLabel(brand: string): string {
  const labels: Record<string, string> = {
    visa: "Visa",
    mastercard: "MasterCard",
    amex: "American Express",
    discover: "Discover",
    diners: "Diners Club",
    jcb: "JCB",
    unionpay: "UnionPay",
  };
  return labels[brand] ?? "Unknown";
}
