/** What the generation routes call: one function per route, answering ModelsLab's shapes. */
import type { ResolvedApiKey } from "@/lib/api-keys/resolve-api-key";
import type { Db } from "@/lib/db/client";
import type { Generation } from "@/lib/db/schema/generation";
import { fetchGeneration } from "./fetch-generation";
import { presentGeneration } from "./present";
import type { ImageRequest } from "./schemas";
import { startGeneration } from "./start-generation";

export async function generateImage(
  db: Db,
  input: {
    caller: ResolvedApiKey;
    api: Generation["api"];
    endpoint: Generation["endpoint"];
    request: ImageRequest;
    requestId: string;
    idempotencyRecordId: string | null;
  },
) {
  const { caller, ...rest } = input;
  const started = await startGeneration(db, {
    ...rest,
    accountId: caller.accountId,
    userId: caller.userId,
    apiKeyId: caller.apiKeyId,
  });
  return presentGeneration(started.generation, { walletBalanceMinor: started.walletBalanceMinor });
}

export async function fetchImage(db: Db, input: { caller: ResolvedApiKey; id: string | number | undefined }) {
  const generation = await fetchGeneration(db, { accountId: input.caller.accountId, id: input.id ?? "" });
  return presentGeneration(generation);
}
