/** What an agent needs to tokenize a card itself. Read from config on every call, so a rotated key needs no code change. */
import { env } from "@/lib/env";

export function stripeConfig() {
  const { publishableKey, apiBase, mode } = env().stripe;
  const base = apiBase ? apiBase.toString().replace(/\/$/, "") : "https://api.stripe.com";
  return {
    publishable_key: publishableKey,
    api_base: base,
    mode: mode === "emulator" ? "test_emulator" : publishableKey.startsWith("pk_live_") ? "live" : "test",
    instructions:
      `Create a PaymentMethod directly with Stripe — never send card numbers to this API: ` +
      `POST ${base}/v1/payment_methods with HTTP Basic auth "<publishable_key>:" and form fields ` +
      `type=card, card[number], card[exp_month], card[exp_year], card[cvc]. ` +
      `Send the returned id (pm_…) as payment_method_id to POST /api/agents/v1/wallet/fund or /subscriptions.`,
  };
}
