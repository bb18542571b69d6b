// POST /api/agents/v1/auth/verify — alias of /auth/verify-email (listed in llms.txt and the MCP `verify` action)
export { DELETE, GET, PATCH, POST, PUT } from "../verify-email/route";
