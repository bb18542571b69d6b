/**
 * Runs one tool call through the door core (lib/http/door.ts `runDoor`) with the mirrored route's
 * own plan (`agentPlan`: bearer authentication with scope and role permission, the same rate-limit
 * buckets keyed by the same IP and user, the card guard, control characters, zod, Idempotency-Key,
 * the audit context) and the MCP output. The call becomes a door request: the MCP HTTP request's
 * headers (so the client IP and the token are the ones HTTP would see), the arguments as the body.
 */
import { createHash } from "node:crypto";
import { agentPlan } from "@/lib/http/agent-route";
import { canonicalJson } from "@/lib/http/canonical-json";
import { runDoor } from "@/lib/http/door";
import type { DoorRequest } from "@/lib/http/door-request";
import type { McpAction, ProgressReporter } from "./action";
import { type McpWire, mcpOutput } from "./output";

export interface ToolCall {
  tool: string;
  action: string;
  /** The arguments without `action` and `idempotency_key`. */
  args: Record<string, unknown>;
  /** The client's own key, if it sent one. */
  idempotencyKey?: unknown;
  /** The JSON-RPC id of the call: a client that resends the same call gets the same derived key. */
  rpcId: string | number;
}

export interface CallSite {
  headers: Headers;
  /** The MCP endpoint's URL (its origin names the door requests). */
  url: URL;
  signal: AbortSignal;
  progress: ProgressReporter;
}

/** `X-Agent-Token: <token>` (what ModelsLab's MCP server also accepts) counts as a bearer token. */
export function credentialHeaders(incoming: Headers): Headers {
  const headers = new Headers(incoming);
  // A header sent to the MCP endpoint is not a tool's idempotency key: keys are per call.
  headers.delete("idempotency-key");
  const agentToken = headers.get("x-agent-token")?.trim();
  if (agentToken && !headers.get("authorization")) headers.set("authorization", `Bearer ${agentToken}`);
  return headers;
}

/**
 * With no key from the client, one derived from the call: the caller's credential, the tool, the
 * action, the arguments and the JSON-RPC id. A resent call (same id, same arguments) is answered
 * once; a new call (a new id) runs afresh. A client that restarts its ids and repeats a call word
 * for word with the same token within the retention window is answered the earlier result, marked
 * `idempotency_replay: true`, never charged twice.
 */
function derivedKey(call: ToolCall, headers: Headers): string {
  const digest = createHash("sha256")
    .update(
      [
        headers.get("authorization") ?? "",
        call.tool,
        call.action,
        String(call.rpcId),
        canonicalJson(call.args),
      ].join("\n"),
    )
    .digest("base64url");
  return `mcp-${digest}`;
}

export function doorRequestFor(action: McpAction, call: ToolCall, site: CallSite): DoorRequest {
  const headers = credentialHeaders(site.headers);
  if (action.idempotent && action.auth) {
    const key = call.idempotencyKey;
    headers.set(
      "idempotency-key",
      key === undefined || key === null ? derivedKey(call, headers) : String(key),
    );
  }
  const raw = JSON.stringify(call.args);
  return {
    method: action.http?.split(" ")[0] ?? "POST",
    url: new URL(`/mcp/agents/${call.tool}/${call.action}`, site.url),
    headers,
    signal: site.signal,
    params: async () => ({}),
    json: async () => ({ raw, parsed: call.args, jsonError: false }),
    text: async () => raw,
  };
}

export async function callAction(action: McpAction, call: ToolCall, site: CallSite): Promise<McpWire> {
  const plan = agentPlan({
    auth: action.auth,
    limiter: action.limiter,
    ipLimiters: action.ipLimiters,
    scope: action.scope,
    permission: action.permission,
    body: action.input,
    idempotent: action.idempotent,
  });
  return runDoor(doorRequestFor(action, call, site), { ...plan, output: mcpOutput() }, (ctx) =>
    action.run({
      db: ctx.db,
      input: ctx.body,
      principal: ctx.caller as never,
      idempotencyRecordId: ctx.idempotencyRecordId,
      signal: site.signal,
      progress: site.progress,
    }),
  );
}
