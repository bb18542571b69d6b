import type { MailContent } from "../message";
import { renderHtml } from "./layout";

export function lowBalanceEmail(input: { appUrl: string; balance: string; threshold: string }): MailContent {
  const what = `Your Onramp wallet balance is ${input.balance}, below your alert threshold of ${input.threshold}.`;
  const next =
    "Agents stop generating when the balance reaches zero. Add funds, or turn on auto-funding so it tops up by itself.";
  const url = `${input.appUrl}/dashboard/wallet`;
  return {
    subject: `Low wallet balance: ${input.balance}`,
    text: [what, "", next, url].join("\n"),
    html: renderHtml({
      heading: "Your wallet is running low",
      paragraphs: [what, next],
      action: { label: "Add funds", url },
    }),
  };
}

export function autoFundingFailedEmail(input: {
  appUrl: string;
  amount: string;
  reason: string;
}): MailContent {
  const what = `We tried to top up your Onramp wallet with ${input.amount} from your default card, and it did not go through: ${input.reason}.`;
  const next = "Update your card or fund the wallet by hand; auto-funding tries again after the next top-up.";
  const url = `${input.appUrl}/dashboard/wallet`;
  return {
    subject: "Automatic wallet top-up failed",
    text: [what, "", next, url].join("\n"),
    html: renderHtml({
      heading: "Automatic top-up failed",
      paragraphs: [what, next],
      action: { label: "Review payment methods", url },
    }),
  };
}
