// An unknown payment id on /pay/**: a 404 with the page a human understands (no Stripe call was made).
import type { Metadata } from "next";
import { PaymentNotFound } from "./payment-result";

export const metadata: Metadata = { title: "Payment not found", robots: { index: false } };

export default function NotFound() {
  return <PaymentNotFound />;
}
