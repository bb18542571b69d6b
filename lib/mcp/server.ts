/**
 * The MCP server (SDK low-level `Server`): tools/list describes every tool with its generated input
 * schema; tools/call runs the chosen action through the door core (call-action.ts). A new server is
 * made per HTTP request with that request's headers (see http.ts for why).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { newRequestId } from "@/lib/http/door";
import type { ProgressReporter } from "./action";
import { callAction } from "./call-action";
import { toolInputSchema } from "./input-schema";
import { TOOLS, toolNamed } from "./tools";

export const SERVER_NAME = "onramp-agent-control-plane";
export const SERVER_VERSION = "1.0.0";

const INSTRUCTIONS = `Onramp's agent control plane: create an account, verify it, fund it and manage it without a browser.
Start with agent-auth (signup, then verify with the code emailed to you); send the access_token it returns as
Authorization: Bearer <token> (or X-Agent-Token) on every later request. Every tool takes an "action".
Card numbers never go through these tools: tokenize at Stripe (agent-billing stripe-config) and pass a pm_… id,
or hand a payment link to a person (agent-billing create-payment-link) and agent-wait for it.
A failed call is a tool error whose text is {"error": {"code", "message", "details"}}, as in the HTTP API.`;

let described: Tool[] | undefined;
function describeTools(): Tool[] {
  described ??= TOOLS.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toolInputSchema(tool),
    annotations: {
      title: tool.title,
      readOnlyHint: Object.values(tool.actions).every((a) => a.http?.startsWith("GET ")),
    },
  }));
  return described;
}

function refusal(code: string, message: string, details: Record<string, unknown> = {}): CallToolResult {
  const payload = {
    data: null,
    error: { code, message, details },
    meta: { request_id: newRequestId(), status: 422 },
  };
  return {
    content: [{ type: "text", text: JSON.stringify(payload) }],
    structuredContent: payload,
    isError: true,
  };
}

export function createMcpServer(site: { headers: Headers; url: URL }): Server {
  const server = new Server(
    { name: SERVER_NAME, version: SERVER_VERSION },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: describeTools() }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = toolNamed(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const { action: name, idempotency_key, ...args } = request.params.arguments ?? {};
    const chosen =
      typeof name === "string" && Object.hasOwn(tool.actions, name) ? tool.actions[name] : undefined;
    if (!chosen) {
      const actions = Object.keys(tool.actions);
      return refusal("validation_error", `action: must be one of ${actions.join(", ")}`, {
        action: [`must be one of ${actions.join(", ")}`],
      });
    }
    const token = request.params._meta?.progressToken;
    let step = 0;
    const progress: ProgressReporter = async (message) => {
      if (token === undefined) return;
      step += 1;
      await extra
        .sendNotification({
          method: "notifications/progress",
          params: { progressToken: token, progress: step, message },
        })
        .catch(() => {});
    };
    const wire = await callAction(
      chosen,
      {
        tool: tool.name,
        action: name as string,
        args,
        idempotencyKey: idempotency_key,
        rpcId: extra.requestId,
      },
      { headers: site.headers, url: site.url, signal: extra.signal, progress },
    );
    return wire.result;
  });
  return server;
}
