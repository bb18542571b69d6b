/** `agent-api-keys`: the account's API keys for the generation APIs (/api-keys*). */

import { z } from "zod";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { maskApiKey } from "@/lib/api-keys/key-format";
import { getApiKeyOrThrow, listApiKeys } from "@/lib/api-keys/queries";
import { createApiKeyBody, updateApiKeyBody } from "@/lib/api-keys/schemas";
import { updateApiKey } from "@/lib/api-keys/update-api-key";
import { presentApiKey } from "@/lib/http/present/api-keys";
import { createKeyRequest } from "@/lib/http/spending-requests";
import { action, type McpTool } from "../action";
import { integerIdArg, withArgs } from "../fields";

const keyId = { key_id: integerIdArg("API key") };

/** What a replay stores and shows: the key masked, never the secret (as POST /api-keys). */
function redactForReplay(body: Record<string, unknown>): Record<string, unknown> {
  const data = body.data as { key?: unknown } | null;
  if (!data || typeof data.key !== "string") return body;
  return {
    ...body,
    data: {
      ...data,
      key: maskApiKey(data.key),
      message:
        "This repeats an earlier call with the same idempotency key: the key was created then and is not shown again.",
    },
  };
}

export const apiKeysTool: McpTool = {
  name: "agent-api-keys",
  title: "API keys",
  description:
    "List, create, read, update and delete the API keys the generation APIs (/api/v6, /api/v7) take.",
  actions: {
    list: action({
      http: "GET /api-keys",
      description: "The account's keys, masked.",
      auth: true,
      limiter: "general",
      scope: "api-keys:read",
      permission: "read",
      run: async ({ db, principal }) =>
        (await listApiKeys(db, principal.accountId)).map((row) => presentApiKey(row)),
    }),
    create: action({
      http: "POST /api-keys",
      description: "Create a key (name, notes); the key is shown in full once.",
      auth: true,
      limiter: "general",
      scope: "api-keys:write",
      permission: "create_keys",
      idempotent: { redactForReplay },
      input: createApiKeyBody,
      run: async ({ input, ...ctx }) => createKeyRequest(ctx, input),
    }),
    get: action({
      http: "GET /api-keys/[id]",
      description: "One key (key_id), masked.",
      auth: true,
      limiter: "general",
      scope: "api-keys:read",
      permission: "read",
      input: z.object(keyId),
      run: async ({ db, principal, input }) =>
        presentApiKey(await getApiKeyOrThrow(db, { accountId: principal.accountId, id: input.key_id })),
    }),
    update: action({
      http: "PUT /api-keys/[id]",
      description: "Rename a key or change its notes (key_id, name, notes).",
      auth: true,
      limiter: "general",
      scope: "api-keys:write",
      permission: "manage_keys",
      input: withArgs(keyId, updateApiKeyBody),
      run: async ({ db, principal, input }) => {
        const { key_id, ...changes } = input;
        return presentApiKey(
          await updateApiKey(db, { accountId: principal.accountId, id: key_id, ...changes }),
        );
      },
    }),
    delete: action({
      http: "DELETE /api-keys/[id]",
      description: "Delete a key (key_id); it stops authenticating at once.",
      auth: true,
      limiter: "general",
      scope: "api-keys:write",
      permission: "manage_keys",
      input: z.object(keyId),
      run: async ({ db, principal, input }) => {
        await deleteApiKey(db, { accountId: principal.accountId, id: input.key_id });
        return { id: input.key_id, deleted: true, message: "API key deleted. It no longer authenticates." };
      },
    }),
  },
};
