/**
 * What the pages outside the dashboard read — the Checkout success and cancel pages, the 3-D Secure
 * pages, the local mailbox. No sign-in: each page's own capability (a session id, a cancel token, a
 * PaymentIntent id, a loopback peer) is checked by the domain function or the page.
 */
import "server-only";
import { findLinkForCancel } from "@/lib/checkout/links";
import { viewCheckoutSession } from "@/lib/checkout/view-session";
import { getDb } from "@/lib/db/client";
import { listMailbox } from "@/lib/mail/mailbox";
import { viewPaymentForHuman } from "@/lib/wallet/human-payment";

/** /checkout/success: the session read back from Stripe and fulfilled once if paid. */
export async function checkoutSuccessView(sessionId: string) {
  return viewCheckoutSession(await getDb(), sessionId);
}

/** /checkout/cancel: the link its cancel_url names, and whether the visitor may close it. */
export async function checkoutCancelView(sessionId: string | undefined, token: string | undefined) {
  return findLinkForCancel(await getDb(), sessionId, token);
}

/** /pay/authenticate and /pay/return: a payment Onramp recorded, settled as Stripe has it now. */
export async function paymentForHuman(paymentIntentId: string) {
  return viewPaymentForHuman(await getDb(), paymentIntentId);
}

/** /dev/mailbox: the emails Onramp would have sent, newest first. */
export async function mailboxMessages(input: { to?: string | undefined; limit: number }) {
  return listMailbox(await getDb(), input);
}
