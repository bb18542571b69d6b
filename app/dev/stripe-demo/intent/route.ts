// POST /dev/stripe-demo/intent — local mode and loopback clients only: a $25 PaymentIntent (or a SetupIntent) for the
// Stripe demo page, created through the app's own Stripe client.
import { env } from "@/lib/env";
import { devPagesOpenTo } from "@/lib/http/dev-access";
import { createStripeClient } from "@/lib/stripe/client";

interface Body {
  kind?: unknown;
  payment_method?: unknown;
  confirm?: unknown;
}

export async function POST(request: Request): Promise<Response> {
  const config = env();
  if (!devPagesOpenTo(request.headers)) return new Response("Not found", { status: 404 });
  const body = ((await request.json().catch(() => ({}))) ?? {}) as Body;
  const paymentMethod =
    typeof body.payment_method === "string" && /^pm_[A-Za-z0-9_]+$/.test(body.payment_method)
      ? body.payment_method
      : undefined;
  const confirm = body.confirm === true && paymentMethod !== undefined;
  const stripe = createStripeClient({ secretKey: config.stripe.secretKey, apiBase: config.stripe.apiBase });
  try {
    if (body.kind === "setup") {
      const intent = await stripe.setupIntents.create({
        usage: "off_session",
        metadata: { source: "dev/stripe-demo" },
      });
      return Response.json({ id: intent.id, client_secret: intent.client_secret, status: intent.status });
    }
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      description: "Stripe emulator demo",
      metadata: { source: "dev/stripe-demo" },
      ...(paymentMethod ? { payment_method: paymentMethod } : {}),
      ...(confirm ? { confirm: true, return_url: `${config.appUrl}/dev/stripe-demo` } : {}),
    });
    return Response.json({ id: intent.id, client_secret: intent.client_secret, status: intent.status });
  } catch (error) {
    const e = error as { statusCode?: number; message?: string; code?: string; decline_code?: string };
    const status = e.statusCode && e.statusCode >= 500 ? 502 : e.statusCode === 402 ? 402 : 400;
    return Response.json(
      {
        error: { message: e.message ?? "Stripe request failed", code: e.code, decline_code: e.decline_code },
      },
      { status },
    );
  }
}
