// GET|PUT|PATCH|DELETE /api/agents/v1/api-keys/{id} — one key of the account (masked); 404 for any other account's

import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { getApiKeyOrThrow } from "@/lib/api-keys/queries";
import { updateApiKeyBody } from "@/lib/api-keys/schemas";
import { updateApiKey } from "@/lib/api-keys/update-api-key";
import { apiKeyView } from "@/lib/api-keys/view";
import { parseIntegerId } from "@/lib/auth/integer-id";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";

const keyId = (params: Record<string, string>) => parseIntegerId(params.id, "API key");

const update = agentRoute(
  { auth: true, limiter: "general", scope: "api-keys:write", body: updateApiKeyBody },
  async ({ db, principal, params, body }) =>
    apiKeyView(await updateApiKey(db, { accountId: principal.accountId, id: keyId(params), ...body })),
);

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, limiter: "general", scope: "api-keys:read" },
    async ({ db, principal, params }) =>
      apiKeyView(await getApiKeyOrThrow(db, { accountId: principal.accountId, id: keyId(params) })),
  ),
  PUT: update,
  PATCH: update,
  DELETE: agentRoute(
    { auth: true, limiter: "general", scope: "api-keys:write" },
    async ({ db, principal, params }) => {
      const id = keyId(params);
      await deleteApiKey(db, { accountId: principal.accountId, id });
      return { id, deleted: true, message: "API key deleted. It no longer authenticates." };
    },
  ),
});
