/**
 * /mcp/agents over Streamable HTTP (the SDK's web-standard transport, so a Next route handler can
 * hand it the Request as it is).
 *
 * Stateless: every POST gets a fresh server and transport and no session id is issued. Nothing an
 * MCP session would hold is needed between calls — the bearer token travels on every request and
 * each tool call is checked on its own — and a stateless server answers on any instance behind a
 * load balancer without sticky sessions or a shared session store. So GET (a standalone event
 * stream for server-initiated messages) and DELETE (ending a session) answer 405; progress of a long
 * call (agent-wait) streams on the POST's own response.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { MAX_BODY_BYTES } from "@/lib/http/request-body";
import { createMcpServer } from "./server";

function methodNotAllowed(): Response {
  return new Response(
    JSON.stringify({
      jsonrpc: "2.0",
      error: {
        code: -32000,
        message: "Method not allowed: this MCP server is stateless; POST JSON-RPC messages.",
      },
      id: null,
    }),
    { status: 405, headers: { Allow: "POST", "Content-Type": "application/json" } },
  );
}

export async function handleMcpPost(request: Request): Promise<Response> {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  const server = createMcpServer({ headers: request.headers, url: new URL(request.url) });
  await server.connect(transport);
  return transport.handleRequest(request);
}

export const mcpRoute = {
  POST: handleMcpPost,
  GET: async () => methodNotAllowed(),
  DELETE: async () => methodNotAllowed(),
};
