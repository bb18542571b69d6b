// GET|PUT|PATCH|DELETE /api/agents/v1/api-keys/{id} — one key of the account (masked); 404 for any other account's

import { z } from "zod";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { getApiKeyOrThrow } from "@/lib/api-keys/queries";
import { updateApiKeyBody } from "@/lib/api-keys/schemas";
import { updateApiKey } from "@/lib/api-keys/update-api-key";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { integerId } from "@/lib/http/params";
import { presentApiKey } from "@/lib/http/present/api-keys";

const params = z.object({ id: integerId("API key") });

const update = agentRoute(
  {
    auth: true,
    params,
    limiter: "general",
    scope: "api-keys:write",
    permission: "manage_keys",
    body: updateApiKeyBody,
  },
  async ({ db, principal, params, body }) =>
    presentApiKey(await updateApiKey(db, { accountId: principal.accountId, id: params.id, ...body })),
);

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: true, params, limiter: "general", scope: "api-keys:read", permission: "read" },
    async ({ db, principal, params }) =>
      presentApiKey(await getApiKeyOrThrow(db, { accountId: principal.accountId, id: params.id })),
  ),
  PUT: update,
  PATCH: update,
  DELETE: agentRoute(
    { auth: true, params, limiter: "general", scope: "api-keys:write", permission: "manage_keys" },
    async ({ db, principal, params }) => {
      const { id } = params;
      await deleteApiKey(db, { accountId: principal.accountId, id });
      return { id, deleted: true, message: "API key deleted. It no longer authenticates." };
    },
  ),
});
