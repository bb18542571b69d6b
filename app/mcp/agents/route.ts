// POST /mcp/agents — the MCP server (Streamable HTTP, stateless): the agent control plane as tools
import { mcpRoute } from "@/lib/mcp/http";

export const { POST, GET, DELETE } = mcpRoute;
