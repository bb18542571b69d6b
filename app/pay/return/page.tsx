// /pay/return — where the card issuer's challenge sends the person back (Stripe's return_url)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { paymentForHuman } from "@/lib/query/public-pages";
import { PaymentResult } from "../payment-result";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment result", robots: { index: false } };

export default async function PaymentReturnPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { payment_intent: id } = await searchParams;
  const payment = typeof id === "string" ? await paymentForHuman(id) : null;
  if (!payment) notFound();
  return <PaymentResult payment={payment} />;
}
