/** Every tool of the MCP server, in the order tools/list gives them. */
import type { McpTool } from "../action";
import { apiKeysTool } from "./api-keys";
import { authTool } from "./auth";
import { billingTool } from "./billing";
import { modelsTool } from "./models";
import { profileTool } from "./profile";
import { subscriptionsTool } from "./subscriptions";
import { tokensTool } from "./tokens";
import { usageTool } from "./usage";
import { waitTool } from "./wait";
import { walletTool } from "./wallet";

export const TOOLS: readonly McpTool[] = [
  authTool,
  tokensTool,
  profileTool,
  apiKeysTool,
  usageTool,
  modelsTool,
  billingTool,
  walletTool,
  subscriptionsTool,
  waitTool,
];

export const toolNamed = (name: string): McpTool | undefined => TOOLS.find((t) => t.name === name);
