/** API keys from the dashboard: create (the only time the full key is shown), rename, delete. */
import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { createApiKeyBody, defaultApiKeyName } from "@/lib/api-keys/schemas";
import { updateApiKey } from "@/lib/api-keys/update-api-key";
import { apiKeyData } from "./credential-views";
import { integerId } from "./fields";
import type { HumanContext } from "./session";

export async function handleCreateKey({ db, human }: HumanContext, input: unknown) {
  const body = createApiKeyBody.parse(input);
  const { row, key } = await createApiKey(db, {
    accountId: human.accountId,
    userId: human.userId,
    name: body.name ?? defaultApiKeyName(new Date()),
    notes: body.notes,
  });
  return apiKeyData(row, key);
}

const renameSchema = z.object({
  id: integerId,
  name: z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .max(100, { error: "must be at most 100 characters" }),
});

export async function handleRenameKey({ db, human }: HumanContext, input: unknown) {
  const body = renameSchema.parse(input);
  return apiKeyData(await updateApiKey(db, { accountId: human.accountId, id: body.id, name: body.name }));
}

export async function handleDeleteKey({ db, human }: HumanContext, input: unknown) {
  const { id } = z.object({ id: integerId }).parse(input);
  await deleteApiKey(db, { accountId: human.accountId, id });
  return { id };
}
