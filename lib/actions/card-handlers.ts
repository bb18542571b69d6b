/** Saved cards from the dashboard: a SetupIntent for Elements, then save, set default, remove. */
import { z } from "zod";
import { presentCard, presentRemovedCard } from "@/lib/http/present/payments";
import { addCard, removeCard, setDefaultCard } from "@/lib/payments/cards";
import { paymentMethodId } from "@/lib/payments/schemas";
import { startSetupIntent } from "@/lib/payments/setup-intent";
import { flag } from "./fields";
import type { HumanContext } from "./session";

export async function handleStartSetup({ db, human }: HumanContext) {
  const intent = await startSetupIntent(db, human.accountId, null);
  if (!intent.clientSecret) throw new Error("Stripe returned a SetupIntent without a client secret");
  return { setup_intent_id: intent.setupIntentId, client_secret: intent.clientSecret };
}

const saveSchema = z.object({ payment_method_id: paymentMethodId, make_default: flag.default(false) });

/** After confirmCardSetup succeeded in the browser: mirror the card (already attached by Stripe). */
export async function handleSaveCard({ db, human }: HumanContext, input: unknown) {
  const body = saveSchema.parse(input);
  const card = await addCard(db, {
    accountId: human.accountId,
    paymentMethodId: body.payment_method_id,
    makeDefault: body.make_default,
    idempotencyRecordId: null,
  });
  return presentCard(card);
}

const idSchema = z.object({ id: paymentMethodId });

export async function handleSetDefaultCard({ db, human }: HumanContext, input: unknown) {
  const { id } = idSchema.parse(input);
  return presentCard(await setDefaultCard(db, human.accountId, id));
}

export async function handleRemoveCard({ db, human }: HumanContext, input: unknown) {
  const { id } = idSchema.parse(input);
  await removeCard(db, human.accountId, id);
  return presentRemovedCard(id);
}
