// GET|POST /api/agents/v1/api-keys — list the account's keys (masked); create one (shown in full once; Idempotency-Key honoured)
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { maskApiKey } from "@/lib/api-keys/key-format";
import { listApiKeys } from "@/lib/api-keys/queries";
import { createApiKeyBody } from "@/lib/api-keys/schemas";
import { agentRoute, reply } from "@/lib/http";
import { holdForApproval } from "@/lib/http/approvals";
import { methods } from "@/lib/http/methods";
import { presentApiKey } from "@/lib/http/present/api-keys";

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
    { auth: true, limiter: "general", scope: "api-keys:read", permission: "read" },
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
    },
    async ({ db, principal, body, request }) => {
      const held = await holdForApproval(
        { db, principal, request },
        { kind: "api_key", name: body.name, notes: body.notes },
      );
      if (held) return held;
      const { row, key } = await createApiKey(db, {
        accountId: principal.accountId,
        userId: principal.userId,
        name: body.name,
        notes: body.notes,
      });
      return reply(
        { ...presentApiKey(row, key), message: "Store this key now: it is not shown again." },
        201,
      );
    },
  ),
});
