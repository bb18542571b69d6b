/**
 * An MCP client (the SDK's own `Client` over `StreamableHTTPClientTransport`) talking to the
 * /mcp/agents route handler in-process: its fetch hands each request to the handler, stamped with
 * the peer address as tests/helpers/http.ts does, so rate limits and audit see a client IP.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { DELETE, GET, POST } from "@/app/mcp/agents/route";
import { env } from "@/lib/env";
import { PEER_HEADER, PEER_SECRET_HEADER } from "@/lib/http/client-ip";

export const MCP_URL = "http://127.0.0.1:3999/mcp/agents";

export interface McpTestClient {
  client: Client;
  /** Calls a tool and decodes its JSON payload. */
  call: (
    tool: string,
    args: Record<string, unknown>,
    options?: { onprogress?: () => void },
  ) => Promise<ToolAnswer>;
  close: () => Promise<void>;
}

export interface ToolAnswer {
  isError: boolean;
  data: any;
  error: { code: string; message: string; details: Record<string, unknown> } | null;
  meta: {
    request_id: string;
    status: number;
    rate_limit?: { limit: number; remaining: number; reset: number };
  };
  idempotency_replay?: boolean;
  raw: CallToolResult;
}

export function decode(result: CallToolResult): ToolAnswer {
  const first = result.content[0];
  const text = first && first.type === "text" ? first.text : "{}";
  const payload = JSON.parse(text);
  return { isError: result.isError === true, ...payload, raw: result };
}

/** A fetch that serves /mcp/agents from the route handler itself. */
export function routeFetch(options: { ip?: string } = {}) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set(PEER_HEADER, options.ip ?? "127.0.0.1");
    headers.set(PEER_SECRET_HEADER, env().peerSecret ?? "");
    const stamped = new Request(request, { headers });
    const handler = { POST, GET, DELETE }[request.method];
    if (!handler) return new Response(null, { status: 405 });
    return handler(stamped);
  };
}

export async function mcpClient(
  options: { token?: string; headers?: Record<string, string>; ip?: string } = {},
): Promise<McpTestClient> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
    fetch: routeFetch({ ip: options.ip }),
    requestInit: { headers },
  });
  const client = new Client({ name: "onramp-tests", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    call: async (tool, args, callOptions = {}) =>
      decode(
        (await client.callTool({ name: tool, arguments: args }, undefined, {
          onprogress: callOptions.onprogress,
          resetTimeoutOnProgress: true,
          timeout: 120_000,
        })) as CallToolResult,
      ),
    close: () => client.close(),
  };
}
