// /pay/authenticate/{payment_intent_id} — the page an agent forwards to a human for 3-D Secure
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { paymentForHuman } from "@/lib/query/public-pages";
import { PaymentResult } from "../../payment-result";
import { AuthenticateButton } from "./authenticate-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Authenticate payment", robots: { index: false } };

export default async function AuthenticatePaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const payment = await paymentForHuman(id);
  if (!payment) notFound();
  const { publishableKey, apiBase } = env().stripe;
  // In local mode Stripe.js is the emulator's stand-in; with real keys, Stripe's own script.
  const standIn = apiBase ? `${apiBase.toString().replace(/\/$/, "")}/v3/stripe.js` : null;
  const action = payment.clientSecret ? (
    <AuthenticateButton
      clientSecret={payment.clientSecret}
      publishableKey={publishableKey}
      standInScriptUrl={standIn}
    />
  ) : undefined;
  return <PaymentResult payment={payment} action={action} />;
}
