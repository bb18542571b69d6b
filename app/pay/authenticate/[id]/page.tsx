// /pay/authenticate/{payment_intent_id} — the page an agent forwards to a human for 3-D Secure
import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { viewPaymentForHuman } from "@/lib/wallet/human-payment";
import { PaymentNotFound, PaymentResult } from "../../payment-result";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Authenticate payment", robots: { index: false } };

export default async function AuthenticatePaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const payment = await viewPaymentForHuman(await getDb(), id);
  return payment ? <PaymentResult payment={payment} /> : <PaymentNotFound />;
}
