"use server";
// Payment-method server actions: session check, then one handler (lib/actions/card-handlers.ts).
import { handleRemoveCard, handleSaveCard, handleSetDefaultCard, handleStartSetup } from "./card-handlers";
import { runAsHuman } from "./session";

export async function startCardSetupAction() {
  return runAsHuman((ctx) => handleStartSetup(ctx), { limiter: "billing", permission: "manage_billing" });
}

export async function saveCardAction(input: unknown) {
  return runAsHuman((ctx) => handleSaveCard(ctx, input), {
    input,
    limiter: "billing",
    permission: "manage_billing",
  });
}

export async function setDefaultCardAction(input: unknown) {
  return runAsHuman((ctx) => handleSetDefaultCard(ctx, input), {
    input,
    limiter: "billing",
    permission: "manage_billing",
  });
}

export async function removeCardAction(input: unknown) {
  return runAsHuman((ctx) => handleRemoveCard(ctx, input), {
    input,
    limiter: "billing",
    permission: "manage_billing",
  });
}
