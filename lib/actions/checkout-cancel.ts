/**
 * The Checkout cancel page's button: closes the payment link for the holder of its cancel token
 * (lib/checkout/links.ts: cancelLinkWithToken). No sign-in: the token is the capability.
 */
import "server-only";
import { cancelLinkWithToken } from "@/lib/checkout/links";
import { getDb } from "@/lib/db/client";

export async function cancelPaymentLink(input: {
  sessionId?: string | undefined;
  token: string | undefined;
}) {
  return cancelLinkWithToken(await getDb(), input);
}
