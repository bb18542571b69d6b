/**
 * Stripe's test cards (spec §3): what each number does and at which step. Behaviour is stored on
 * the PaymentMethod as a profile key, never the number itself.
 */

export type Brand = "visa" | "mastercard" | "amex" | "discover" | "diners" | "jcb" | "unionpay" | "unknown";
export type Funding = "credit" | "debit" | "prepaid" | "unknown";

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
  param?: string;
  advice_code?: string;
}

/**
 * - `ok`: succeeds everywhere.
 * - `decline`: attach, SetupIntent confirm and charges fail.
 * - `charge_fail` (…0341): attach and SetupIntent succeed; charges fail.
 * - `auth_unless_setup` (…3155): on-session needs 3DS; off-session works once set up.
 * - `auth_always` (…3184, …3220, …3063): every on-session attempt needs 3DS; off-session fails.
 * - `auth_setup_done` (…0446): on-session needs 3DS; off-session succeeds.
 * - `auth_then_decline` (…3178, …1629): 3DS, then the charge declines.
 */
export type Behavior =
  | { kind: "ok" }
  | { kind: "decline"; decline: Decline }
  | { kind: "charge_fail"; decline: Decline }
  | { kind: "auth_unless_setup" }
  | { kind: "auth_always" }
  | { kind: "auth_setup_done" }
  | { kind: "auth_then_decline"; decline: Decline };

/**
 * What happens to a charge after it succeeded — Stripe's dispute and refund test cards:
 * - `dispute`: a dispute opens on the charge right after it succeeds (…0259 fraudulent, …2685
 *   product not received, …1976 an inquiry);
 * - `refund`: how the charge's refunds behave (…7726 pending, then succeeded; …5126 succeeded, then
 *   failed). Both later transitions happen after `REFUND_SETTLE_SECONDS` of virtual time, or at once
 *   through `/_emulator/refunds/{id}/succeed|fail`.
 */
export interface AfterCharge {
  dispute?: { reason: string; inquiry: boolean; networkReasonCode: string };
  refund?: "pending_then_succeeds" | "succeeds_then_fails";
}

export interface TestCard {
  number: string;
  brand: Brand;
  funding: Funding;
  country: string;
  behavior: Behavior;
  afterCharge?: AfterCharge;
  /** `pm_card_…` ids and `tok_…` tokens that stand for this card. */
  aliases: string[];
}

const GENERIC: Decline = {
  code: "card_declined",
  decline_code: "generic_decline",
  message: "Your card was declined.",
  advice_code: "try_again_later",
};

const decline = (d: Decline): Behavior => ({ kind: "decline", decline: d });

const card = (
  number: string,
  brand: Brand,
  behavior: Behavior,
  aliases: string[] = [],
  funding: Funding = "credit",
  country = "US",
): TestCard => ({ number, brand, funding, country, behavior, aliases });

const OK: Behavior = { kind: "ok" };

const after = (c: TestCard, afterCharge: AfterCharge): TestCard => ({ ...c, afterCharge });

export const TEST_CARDS: TestCard[] = [
  card("4242424242424242", "visa", OK, ["pm_card_visa", "tok_visa"]),
  card("4000056655665556", "visa", OK, ["pm_card_visa_debit", "tok_visa_debit"], "debit"),
  card("5555555555554444", "mastercard", OK, ["pm_card_mastercard", "tok_mastercard"]),
  card("2223003122003222", "mastercard", OK, []),
  card("5200828282828210", "mastercard", OK, ["pm_card_mastercard_debit", "tok_mastercard_debit"], "debit"),
  card(
    "5105105105105100",
    "mastercard",
    OK,
    ["pm_card_mastercard_prepaid", "tok_mastercard_prepaid"],
    "prepaid",
  ),
  card("378282246310005", "amex", OK, ["pm_card_amex", "tok_amex"]),
  card("371449635398431", "amex", OK, []),
  card("6011111111111117", "discover", OK, ["pm_card_discover", "tok_discover"]),
  card("3056930009020004", "diners", OK, ["pm_card_diners", "tok_diners"]),
  card("36227206271667", "diners", OK, []),
  card("3566002020360505", "jcb", OK, ["pm_card_jcb", "tok_jcb"], "credit", "JP"),
  card("6200000000000005", "unionpay", OK, ["pm_card_unionpay", "tok_unionpay"], "credit", "CN"),
  card("4000000000000002", "visa", decline(GENERIC), [
    "pm_card_visa_chargeDeclined",
    "tok_visa_chargeDeclined",
  ]),
  card(
    "4000000000009995",
    "visa",
    decline({
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
      advice_code: "try_again_later",
    }),
    ["pm_card_visa_chargeDeclinedInsufficientFunds", "tok_visa_chargeDeclinedInsufficientFunds"],
  ),
  card(
    "4000000000009987",
    "visa",
    decline({
      code: "card_declined",
      decline_code: "lost_card",
      message: "Your card was declined.",
      advice_code: "do_not_try_again",
    }),
    ["pm_card_visa_chargeDeclinedLostCard", "tok_visa_chargeDeclinedLostCard"],
  ),
  card(
    "4000000000009979",
    "visa",
    decline({
      code: "card_declined",
      decline_code: "stolen_card",
      message: "Your card was declined.",
      advice_code: "do_not_try_again",
    }),
    ["pm_card_visa_chargeDeclinedStolenCard", "tok_visa_chargeDeclinedStolenCard"],
  ),
  card(
    "4000000000000069",
    "visa",
    decline({
      code: "expired_card",
      decline_code: "expired_card",
      message: "Your card has expired.",
      param: "exp_month",
      advice_code: "confirm_card_data",
    }),
    ["pm_card_chargeDeclinedExpiredCard", "tok_chargeDeclinedExpiredCard"],
  ),
  card(
    "4000000000000127",
    "visa",
    decline({
      code: "incorrect_cvc",
      decline_code: "incorrect_cvc",
      message: "Your card's security code is incorrect.",
      param: "cvc",
      advice_code: "confirm_card_data",
    }),
    ["pm_card_chargeDeclinedIncorrectCvc", "tok_chargeDeclinedIncorrectCvc"],
  ),
  card(
    "4000000000000119",
    "visa",
    decline({
      code: "processing_error",
      decline_code: "processing_error",
      message: "An error occurred while processing your card. Try again in a little bit.",
      advice_code: "try_again_later",
    }),
    ["pm_card_chargeDeclinedProcessingError", "tok_chargeDeclinedProcessingError"],
  ),
  card(
    "4000000000006975",
    "visa",
    decline({
      code: "card_declined",
      decline_code: "card_velocity_exceeded",
      message:
        "Your card was declined for making repeated attempts too frequently or exceeding its amount limit.",
    }),
    ["pm_card_visa_chargeDeclinedVelocityLimitExceeded", "tok_visa_chargeDeclinedVelocityLimitExceeded"],
  ),
  card(
    "4100000000000019",
    "visa",
    decline({ code: "card_declined", decline_code: "fraudulent", message: "Your card was declined." }),
    ["pm_card_chargeDeclinedFraudulent", "tok_visa_chargeDeclinedFraudulent", "tok_chargeDeclinedFraudulent"],
  ),
  card(
    "4000000000000341",
    "visa",
    {
      kind: "charge_fail",
      decline: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
    },
    ["pm_card_chargeCustomerFail", "tok_chargeCustomerFail"],
  ),
  card("4000002500003155", "visa", { kind: "auth_unless_setup" }, [
    "pm_card_authenticationRequiredOnSetup",
    "tok_authenticationRequiredOnSetup",
  ]),
  card("4000002760003184", "visa", { kind: "auth_always" }, [
    "pm_card_authenticationRequired",
    "tok_authenticationRequired",
  ]),
  card("4000003800000446", "visa", { kind: "auth_setup_done" }, [
    "pm_card_authenticationRequiredSetupForOffSession",
    "tok_authenticationRequiredSetupForOffSession",
  ]),
  card(
    "4000008260003178",
    "visa",
    {
      kind: "auth_then_decline",
      decline: {
        code: "card_declined",
        decline_code: "insufficient_funds",
        message: "Your card has insufficient funds.",
        advice_code: "try_again_later",
      },
    },
    [
      "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
      "tok_authenticationRequiredChargeDeclinedInsufficientFunds",
    ],
  ),
  card("4000000000003220", "visa", { kind: "auth_always" }, [
    "pm_card_threeDSecure2Required",
    "tok_threeDSecure2Required",
  ]),
  card("4000000000003063", "visa", { kind: "auth_always" }, [
    "pm_card_threeDSecureRequired",
    "tok_threeDSecureRequired",
  ]),
  card("4000008400001629", "visa", { kind: "auth_then_decline", decline: GENERIC }, [
    "pm_card_threeDSecureRequiredChargeDeclined",
    "tok_threeDSecureRequiredChargeDeclined",
  ]),
  card("4000000000003055", "visa", OK, ["pm_card_threeDSecureOptional", "tok_threeDSecureOptional"]),
  after(card("4000000000000259", "visa", OK, ["pm_card_createDispute", "tok_createDispute"]), {
    dispute: { reason: "fraudulent", inquiry: false, networkReasonCode: "10.4" },
  }),
  after(
    card("4000000000002685", "visa", OK, [
      "pm_card_createDisputeProductNotReceived",
      "tok_createDisputeProductNotReceived",
    ]),
    { dispute: { reason: "product_not_received", inquiry: false, networkReasonCode: "13.1" } },
  ),
  after(card("4000000000001976", "visa", OK, ["pm_card_createDisputeInquiry", "tok_createDisputeInquiry"]), {
    dispute: { reason: "fraudulent", inquiry: true, networkReasonCode: "10.4" },
  }),
  after(card("4000000000007726", "visa", OK, ["pm_card_pendingRefund", "tok_pendingRefund"]), {
    refund: "pending_then_succeeds",
  }),
  after(card("4000000000005126", "visa", OK, ["pm_card_refundFail", "tok_refundFail"]), {
    refund: "succeeds_then_fails",
  }),
];

const BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.number, c]));
const BY_ALIAS = new Map(TEST_CARDS.flatMap((c) => c.aliases.map((a) => [a, c] as const)));

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): Brand {
  const n = number;
  const p2 = Number(n.slice(0, 2));
  const p3 = Number(n.slice(0, 3));
  const p4 = Number(n.slice(0, 4));
  if (n.startsWith("4")) return "visa";
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return "mastercard";
  if (p2 === 34 || p2 === 37) return "amex";
  if (n.startsWith("6011") || p2 === 65 || (p3 >= 644 && p3 <= 649)) return "discover";
  if (p2 === 62) return "unionpay";
  if (p2 === 36 || p2 === 38 || p2 === 30) return "diners";
  if (p2 === 35) return "jcb";
  return "unknown";
}

/** Known test card by number, or a generic succeeding card for any other Luhn-valid number. */
export function cardForNumber(number: string): TestCard {
  return BY_NUMBER.get(number) ?? card(number, brandOf(number), OK);
}

export function cardForAlias(alias: string): TestCard | undefined {
  return BY_ALIAS.get(alias);
}

export function expectedCvcLength(brand: Brand): number {
  return brand === "amex" ? 4 : 3;
}

/** Display names for hosted pages. */
export const BRAND_LABEL: Record<Brand, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
  unknown: "Card",
};

/** Whether a step needs authentication, for a given behaviour and context. */
export function needsAuthentication(
  behavior: Behavior,
  context: { offSession: boolean; setUpForOffSession: boolean; step: "payment" | "setup" },
): "none" | "challenge" | "fail_off_session" {
  const { offSession, setUpForOffSession, step } = context;
  switch (behavior.kind) {
    case "auth_unless_setup":
      if (offSession) return setUpForOffSession ? "none" : "fail_off_session";
      return "challenge";
    case "auth_always":
      return offSession ? "fail_off_session" : "challenge";
    case "auth_setup_done":
      if (step === "setup") return "none";
      return offSession ? "none" : "challenge";
    case "auth_then_decline":
      return offSession ? "fail_off_session" : "challenge";
    default:
      return "none";
  }
}
