/**
 * The iframe a card or payment Element renders (served on the emulator's origin, like
 * js.stripe.com's frames): plain inputs with stable data-testids, driven by frame.js.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "../engine";
import { sendHtml } from "../http/respond";

const STYLE = `
*{box-sizing:border-box}html,body{margin:0;padding:0;background:transparent;font:15px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#30313d}
input,select{font:inherit;color:inherit;border:0;outline:0;background:transparent;min-width:0;padding:0}
.row{display:flex;gap:10px;align-items:center;height:44px;padding:0 12px;border:1px solid #d5dbe1;border-radius:6px;background:#fff}
.row input{height:100%}.row .num{flex:1 1 auto}.row .exp{width:76px}.row .cvc{width:48px}.row .zip{width:70px}
.stack label{display:block;font-size:13px;margin:10px 0 4px;color:#5f6368}
.stack input,.stack select{width:100%;height:42px;padding:0 12px;border:1px solid #d5dbe1;border-radius:6px;background:#fff}
.pair{display:flex;gap:10px}.pair>div{flex:1}
.tab{display:inline-block;font-size:13px;font-weight:600;border:2px solid #635bff;color:#635bff;border-radius:6px;padding:6px 12px}
.err{color:#df1b41;font-size:13px;margin-top:8px}
[hidden]{display:none!important}
`;

function cardFrame(): string {
  return `<div class="row">
<input class="num" data-testid="card-number" name="cardnumber" autocomplete="cc-number" inputmode="numeric" placeholder="Card number" aria-label="Credit or debit card number">
<input class="exp" data-testid="card-expiry" name="exp-date" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY" aria-label="Credit or debit card expiration date">
<input class="cvc" data-testid="card-cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="CVC" aria-label="Credit or debit card CVC/CVV">
<span id="postal-wrap"><input class="zip" data-testid="card-postal" name="postal" autocomplete="postal-code" placeholder="ZIP" aria-label="ZIP"></span>
</div>`;
}

function paymentFrame(): string {
  return `<div class="stack"><span class="tab">Card</span>
<label for="n">Card number</label><input id="n" data-testid="card-number" autocomplete="cc-number" inputmode="numeric" placeholder="1234 1234 1234 1234">
<div class="pair"><div><label for="e">Expiration date</label><input id="e" data-testid="card-expiry" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY"></div>
<div><label for="c">Security code</label><input id="c" data-testid="card-cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="CVC"></div></div>
<div class="pair"><div><label for="k">Country</label><select id="k" data-testid="card-country"><option value="US">United States</option><option value="GB">United Kingdom</option><option value="CA">Canada</option><option value="DE">Germany</option><option value="FR">France</option><option value="IN">India</option></select></div>
<div id="postal-wrap"><label for="z">ZIP</label><input id="z" data-testid="card-postal" autocomplete="postal-code" placeholder="12345"></div></div>
<div class="err" data-testid="card-error" role="alert" hidden></div></div>`;
}

export function handleElementsFrame(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): boolean {
  void engine;
  if ((req.method ?? "GET").toUpperCase() !== "GET" || url.pathname !== "/elements/frame") return false;
  const type = url.searchParams.get("type") === "payment" ? "payment" : "card";
  sendHtml(
    res,
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Secure ${type} input</title><style>${STYLE}</style></head><body>${
      type === "payment" ? paymentFrame() : cardFrame()
    }<script src="/elements/frame.js"></script></body></html>`,
  );
  return true;
}
