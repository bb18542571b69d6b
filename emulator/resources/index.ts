import { registerInvoices } from "../billing/invoices";
import { registerSubscriptions } from "../billing/subscriptions";
import type { Engine } from "../engine";
import { pruneIdempotency } from "../http/api";
import type { Router } from "../http/router";
import { registerCharges } from "./charges";
import { registerCheckoutSessions } from "./checkout-sessions";
import { registerCustomers } from "./customers";
import { registerDisputes } from "./disputes";
import { pruneEvents, registerEvents } from "./events";
import { registerPaymentIntents } from "./payment-intents";
import { registerPaymentMethods } from "./payment-methods";
import { registerProductsAndPrices } from "./products-prices";
import { registerRefunds } from "./refunds";
import { registerSetupIntents } from "./setup-intents";
import { registerTokens } from "./tokens";

export function registerResources(router: Router, engine: Engine): void {
  registerCustomers(router);
  registerPaymentMethods(router);
  registerTokens(router);
  registerSetupIntents(router);
  registerPaymentIntents(router);
  registerCharges(router);
  registerRefunds(router, engine);
  registerDisputes(router);
  registerProductsAndPrices(router);
  registerCheckoutSessions(router);
  registerSubscriptions(router, engine);
  registerInvoices(router, engine);
  registerEvents(router);
  engine.onTick(pruneEvents);
  engine.onTick(pruneIdempotency);
}
