/**
 * The 3-D Secure challenge page (like Stripe's test page: Complete / Fail). Reached as a full page
 * through `next_action.redirect_to_url.url` — then it redirects to the `return_url` with
 * `payment_intent`, `payment_intent_client_secret`, `redirect_status` — or inside the Stripe.js
 * stand-in's modal (`?embed=1`), where it posts the result to the parent window instead.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { resolveChallenge } from "../helpers";
import { readBody } from "../http/body";
import { redirect, sendHtml } from "../http/respond";
import { intentMeta, withRedirectParams } from "../resources/intent-common";
import { formatAmount } from "../resources/shared";
import { esc, page } from "./html";

type Intent = Stripe.PaymentIntent | Stripe.SetupIntent;

function intentForToken(engine: Engine, token: string): Intent | undefined {
  const id = engine.store.state.authTokens[token];
  if (!id) return undefined;
  return id.startsWith("seti_")
    ? engine.store.get("setup_intent", id)
    : engine.store.get("payment_intent", id);
}

/** Where the full-page flow returns, with Stripe's query parameters. */
export function returnLocation(engine: Engine, intent: Intent): string | null {
  const kind = intent.object;
  const returnUrl = intentMeta(engine, kind, intent.id).returnUrl;
  if (!returnUrl) return null;
  const ok =
    intent.status === "succeeded" || intent.status === "requires_capture" || intent.status === "processing";
  const status = ok ? "succeeded" : intent.status === "requires_action" ? "pending" : "failed";
  return kind === "payment_intent"
    ? withRedirectParams(returnUrl, {
        payment_intent: intent.id,
        payment_intent_client_secret: intent.client_secret ?? "",
        redirect_status: status,
      })
    : withRedirectParams(returnUrl, {
        setup_intent: intent.id,
        setup_intent_client_secret: intent.client_secret ?? "",
        redirect_status: status,
      });
}

function challengePage(intent: Intent, token: string, embed: boolean): string {
  const amount =
    intent.object === "payment_intent"
      ? formatAmount(intent.amount, intent.currency)
      : "Card verification (no charge)";
  const action = `/3ds/${esc(token)}${embed ? "?embed=1" : ""}`;
  return page(
    "3D Secure 2 Test Page",
    `<section class="card" style="max-width:440px;margin:40px auto"><span class="badge">TEST MODE</span>
<h1>3D Secure 2 Test Page</h1>
<p class="muted">This is an emulated bank authentication page. In test mode you choose the outcome.</p>
<p><strong data-testid="3ds-amount">${esc(amount)}</strong></p>
<form method="post" action="${action}"><input type="hidden" name="result" value="succeed"><button type="submit" data-testid="3ds-complete">Complete</button></form>
<form method="post" action="${action}"><input type="hidden" name="result" value="fail"><button type="submit" class="secondary" data-testid="3ds-fail">Fail</button></form>
</section>`,
    { bare: true },
  );
}

function embedResult(intent: Intent): string {
  const payload = JSON.stringify({ type: "stripe-emulator-3ds", id: intent.id, status: intent.status });
  return page(
    "Authentication finished",
    `<p class="muted" style="padding:24px" data-testid="3ds-done">Authentication finished.</p><script>parent.postMessage(${payload.replace(/</g, "\\u003c")}, "*");</script>`,
    { bare: true },
  );
}

export async function handleThreeDSecurePage(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const m = /^\/3ds\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
  if (!m) return false;
  const token = m[1] ?? "";
  const intent = intentForToken(engine, token);
  const embed = url.searchParams.get("embed") === "1";
  if (!intent) {
    sendHtml(res, 404, page("3D Secure", `<section class="card"><h1>Unknown authentication</h1></section>`));
    return true;
  }
  const method = (req.method ?? "GET").toUpperCase();
  if (method === "GET") {
    if (intent.status !== "requires_action") {
      if (embed) {
        sendHtml(res, 200, embedResult(intent));
        return true;
      }
      const back = returnLocation(engine, intent);
      if (back) redirect(res, back);
      else
        sendHtml(
          res,
          200,
          page(
            "3D Secure",
            `<section class="card"><h1>This authentication is already finished.</h1></section>`,
          ),
        );
      return true;
    }
    sendHtml(res, 200, challengePage(intent, token, embed));
    return true;
  }
  if (method !== "POST") return false;
  const body = new URLSearchParams(await readBody(req));
  if (intent.status === "requires_action") {
    engine.withScope(null, () => resolveChallenge(engine, intent.id, body.get("result") !== "fail"));
    engine.store.markDirty();
  }
  if (embed) {
    sendHtml(res, 200, embedResult(intent));
    return true;
  }
  const back = returnLocation(engine, intent);
  if (back) redirect(res, back);
  else sendHtml(res, 200, embedResult(intent));
  return true;
}
