"use server";
// The cancel page's button: closes the payment link for the holder of its cancel token, then shows
// the page again with the outcome (lib/actions/checkout-cancel.ts).
import { redirect } from "next/navigation";
import { cancelPaymentLink } from "@/lib/actions/checkout-cancel";

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" && value.length <= 200 ? value : undefined;
};

export async function cancelPaymentAction(form: FormData): Promise<void> {
  const sessionId = field(form, "session_id");
  const token = field(form, "link");
  await cancelPaymentLink({ sessionId, token });
  const query = new URLSearchParams();
  if (sessionId) query.set("session_id", sessionId);
  if (token) query.set("link", token);
  redirect(`/checkout/cancel?${query}`);
}
