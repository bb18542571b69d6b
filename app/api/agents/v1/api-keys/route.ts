// GET|POST /api/agents/v1/api-keys — list the account's keys (masked); create one (shown in full once; `{}` gets a default name; Idempotency-Key honoured)

import { z } from "zod";
import { maskApiKey } from "@/lib/api-keys/key-format";
import { listApiKeys } from "@/lib/api-keys/queries";
import { createApiKeyBody } from "@/lib/api-keys/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentApiKey } from "@/lib/http/present/api-keys";
import { heldForApproval } from "@/lib/http/present/schemas/common";
import { apiKeyResponse, createdApiKeyResponse } from "@/lib/http/present/schemas/profile";
import { createKeyRequest } from "@/lib/http/spending-requests";

/** What an idempotent replay stores and shows: the key masked, never the secret. */
function redactForReplay(body: Record<string, unknown>): Record<string, unknown> {
  const data = body.data as { key?: unknown } | null;
  if (!data || typeof data.key !== "string") return body;
  return {
    ...body,
    data: {
      ...data,
      key: maskApiKey(data.key),
      message:
        "This repeats an earlier request with the same Idempotency-Key: the key was created then and is not shown again.",
    },
  };
}

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "api-keys:read",
      permission: "read",
      response: z.array(apiKeyResponse),
    },
    async ({ db, principal }) =>
      (await listApiKeys(db, principal.accountId)).map((row) => presentApiKey(row)),
  ),
  POST: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "api-keys:write",
      permission: "create_keys",
      body: createApiKeyBody,
      idempotent: { redactForReplay },
      response: { 201: createdApiKeyResponse, 202: heldForApproval },
      errors: ["conflict"],
    },
    async ({ body, ...ctx }) => createKeyRequest(ctx, body),
  ),
});
