/**
 * Serves the Stripe.js stand-in (`/v3`, `/v3/`, `/v3/stripe.js`, `/<train>/stripe.js`) and the
 * Elements iframe script. The emulator's public origin and the release train are filled in.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Engine } from "../engine";
import { sendText } from "../http/respond";
import { STRIPE_JS_RELEASE_TRAIN } from "../versions";

const here = __dirname;
let standin: string | undefined;
let frame: string | undefined;

function load(name: string): string {
  return readFileSync(path.join(here, name), "utf8");
}

const JS_HEADERS = { "access-control-allow-origin": "*", "cache-control": "no-cache" };

export function serveStripeJs(engine: Engine, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if ((req.method ?? "GET").toUpperCase() !== "GET") return false;
  const p = url.pathname;
  if (p === "/v3" || p === "/v3/" || /^\/(v3|[a-z]+)\/stripe\.js$/.test(p)) {
    standin ??= load("standin.js");
    const body = standin
      .replaceAll("__EMULATOR_ORIGIN__", new URL(engine.config.publicUrl).origin)
      .replaceAll("__RELEASE_TRAIN__", STRIPE_JS_RELEASE_TRAIN);
    sendText(res, 200, "text/javascript; charset=utf-8", body, JS_HEADERS);
    return true;
  }
  if (p === "/elements/frame.js") {
    frame ??= load("frame.js");
    sendText(res, 200, "text/javascript; charset=utf-8", frame, JS_HEADERS);
    return true;
  }
  return false;
}
