import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/** A renewal could not be charged: the subscription is past_due until the payment is repaired. */
export function subscriptionPaymentFailedEmail(input: {
  appUrl: string;
  planName: string;
  amount: string;
  reason: string;
  subscriptionId: number;
  invoiceNumber: string;
  nextAttempt: string | null;
}): MailContent {
  const what = `We could not charge ${input.amount} for the renewal of your ${input.planName} subscription (invoice ${input.invoiceNumber}): ${input.reason}.`;
  const state =
    "The subscription is past due: until the invoice is paid, your agents' requests are paid from the wallet instead of the plan." +
    (input.nextAttempt ? ` We will try the card again on ${input.nextAttempt}.` : "");
  const fix = `To pay now with another card, your agent can call POST /api/agents/v1/subscriptions/${input.subscriptionId}/fix-payment with a payment_method_id, or you can update the card from the dashboard.`;
  const url = `${input.appUrl}/dashboard/plans`;
  return {
    subject: `Payment failed for your ${input.planName} subscription`,
    text: [what, "", state, "", fix, url].join("\n"),
    html: renderHtml({
      heading: "Your subscription renewal failed",
      paragraphs: [what, state, fix],
      action: { label: "Review your plan", url },
    }),
  };
}
