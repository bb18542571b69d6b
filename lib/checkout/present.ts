/** Wire shape of a payment link, for the create, status and confirm answers. */
import { env } from "@/lib/env";
import { minorToUsd } from "@/lib/money";
import type { CheckoutLink } from "./links";

export function presentLink(link: CheckoutLink) {
  return {
    session_id: link.sessionId,
    status: link.status,
    purpose: link.purpose,
    ...(link.purpose === "fund"
      ? { amount: link.amountMinor === null ? null : minorToUsd(link.amountMinor) }
      : { plan_id: link.planId }),
    currency: "USD",
    payment_url: link.url,
    expires_at: link.expiresAt.toISOString(),
    fulfilled_at: link.fulfilledAt?.toISOString() ?? null,
    status_url: `${env().appUrl}/api/agents/v1/billing/payment-link/${link.sessionId}`,
  };
}
