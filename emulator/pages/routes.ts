import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "../engine";
import { handleCheckoutPage } from "./checkout";
import { handleElementsFrame } from "./elements";
import { handleInvoicePage } from "./invoice";
import { handleThreeDSecurePage } from "./three-d-secure";

/** Browser-facing pages served by the emulator (Stripe's hosted surfaces). */
export async function handlePageRequest(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  engine.tick();
  return (
    (await handleCheckoutPage(engine, req, res, url)) ||
    (await handleThreeDSecurePage(engine, req, res, url)) ||
    (await handleInvoicePage(engine, req, res, url)) ||
    handleElementsFrame(engine, req, res, url)
  );
}
