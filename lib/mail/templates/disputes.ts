import type { MailContent } from "../message";
import { renderHtml } from "./layout";

export function disputeOpenedEmail(input: {
  appUrl: string;
  amount: string;
  held: string;
  owed: string | null;
  payment: string;
}): MailContent {
  const what = `The card holder has disputed a payment of ${input.amount} to your Onramp wallet (${input.payment}) with their bank.`;
  const hold = input.owed
    ? `We have held ${input.held} of your balance against it; the wallet held less than the disputed amount, so ${input.owed} more will be taken from the next money that comes in.`
    : `We have held ${input.held} of your balance against it until the bank decides.`;
  const next =
    "While the dispute is open your agents cannot spend from this account (generation, withdrawals and coupons answer 403 account_suspended). If the dispute is decided in your favour the hold is released; if it is lost, the money stays with the card holder.";
  const url = `${input.appUrl}/dashboard/wallet`;
  return {
    subject: `A payment of ${input.amount} was disputed: spending suspended`,
    text: [what, "", hold, "", next, url].join("\n"),
    html: renderHtml({
      heading: "A payment was disputed",
      paragraphs: [what, hold, next],
      action: { label: "Review your wallet", url },
    }),
  };
}

export function disputeClosedEmail(input: {
  appUrl: string;
  amount: string;
  won: boolean;
  owed: string | null;
}): MailContent {
  const what = input.won
    ? `The dispute of your ${input.amount} payment was closed in your favour: the held money is back in your wallet.`
    : `The dispute of your ${input.amount} payment was lost: the money went back to the card holder.`;
  const next = input.owed
    ? `Your wallet still owes ${input.owed}; spending resumes once new funds cover it.`
    : "Spending from this account is open again (unless another dispute is still open).";
  const url = `${input.appUrl}/dashboard/wallet`;
  return {
    subject: input.won ? "Dispute won: hold released" : "Dispute lost",
    text: [what, "", next, url].join("\n"),
    html: renderHtml({
      heading: input.won ? "Dispute won" : "Dispute lost",
      paragraphs: [what, next],
      action: { label: "Open your wallet", url },
    }),
  };
}
