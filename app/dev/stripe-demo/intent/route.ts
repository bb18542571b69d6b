// POST /dev/stripe-demo/intent — local mode and loopback clients only: a $25 PaymentIntent (or a SetupIntent) for the
// Stripe demo page, created through the app's own Stripe client.
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { localClient } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { raw } from "@/lib/http/outputs/raw";
import { bareJson, file } from "@/lib/http/replies";
import { MAX_BODY_BYTES } from "@/lib/http/request-body";
import { createStripeClient } from "@/lib/stripe/client";

interface Body {
  kind?: unknown;
  payment_method?: unknown;
  confirm?: unknown;
}

/** The demo page sends what it likes; anything unreadable is an empty request. */
function parse(text: string): Body {
  try {
    return (JSON.parse(text) ?? {}) as Body;
  } catch {
    return {};
  }
}

export const POST = door(
  {
    auth: localClient(),
    read: { text: MAX_BODY_BYTES },
    database: false,
    output: raw({
      errors: (error) => {
        if (!isAppError(error)) throw error;
        if (error.code === "route_not_found") return file("Not found", { status: 404 });
        return bareJson({ error: { message: error.message, code: error.code } }, error.status);
      },
    }),
  },
  async ({ text }) => {
    const config = env();
    const body = parse(text);
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
        return bareJson({ id: intent.id, client_secret: intent.client_secret, status: intent.status });
      }
      const intent = await stripe.paymentIntents.create({
        amount: 2500,
        currency: "usd",
        description: "Stripe emulator demo",
        metadata: { source: "dev/stripe-demo" },
        ...(paymentMethod ? { payment_method: paymentMethod } : {}),
        ...(confirm ? { confirm: true, return_url: `${config.appUrl}/dev/stripe-demo` } : {}),
      });
      return bareJson({ id: intent.id, client_secret: intent.client_secret, status: intent.status });
    } catch (error) {
      const e = error as { statusCode?: number; message?: string; code?: string; decline_code?: string };
      const status = e.statusCode && e.statusCode >= 500 ? 502 : e.statusCode === 402 ? 402 : 400;
      return bareJson(
        {
          error: {
            message: e.message ?? "Stripe request failed",
            code: e.code,
            decline_code: e.decline_code,
          },
        },
        status,
      );
    }
  },
);
