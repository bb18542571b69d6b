/**
 * One action of an MCP tool (`agent-wallet` → `fund`): the HTTP route it mirrors and the same door
 * declaration as that route (auth, limiter, scope, permission, idempotency), one zod schema for its
 * arguments (the route's body, query and path segments together), and a handler that calls the
 * domain and presents the result as the route does. tests/mcp/parity.test.ts holds every action's
 * declaration to its route's, so the two doors cannot drift apart.
 */
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";
import type { Db } from "@/lib/db/client";
import type { RouteOptions, RouteResult } from "@/lib/http/agent-route";
import type { LimiterName } from "@/lib/http/rate-limit";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Tells a client that sent a progress token that the call is still alive (and how far it is). */
export type ProgressReporter = (message: string) => Promise<void>;

export interface ActionContext<I, Auth extends boolean> {
  db: Db;
  input: I;
  principal: Auth extends true ? Principal : null;
  /** Set when the call runs under an idempotency key: derive Stripe idempotency keys from it. */
  idempotencyRecordId: string | null;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
  progress: ProgressReporter;
}

export interface McpAction<
  S extends z.ZodType | undefined = z.ZodType | undefined,
  Auth extends boolean = boolean,
> {
  /** The route this action mirrors, below /api/agents/v1 (`POST /wallet/fund`); null for MCP-only actions. */
  http: `${HttpMethod} /${string}` | null;
  description: string;
  auth: Auth;
  limiter: LimiterName;
  ipLimiters?: LimiterName[];
  scope?: string;
  permission?: Permission;
  idempotent?: RouteOptions<undefined, undefined, Auth>["idempotent"];
  /** The arguments besides `action` (and `idempotency_key`); none when absent. */
  input?: S;
  run: (
    ctx: ActionContext<S extends z.ZodType ? z.output<S> : undefined, Auth>,
  ) => RouteResult | Promise<RouteResult>;
}

/** Declares an action with its handler's types inferred from the declaration. */
export function action<Auth extends boolean, S extends z.ZodType | undefined = undefined>(
  declared: McpAction<S, Auth>,
): McpAction {
  return declared as unknown as McpAction;
}

export interface McpTool {
  name: string;
  title: string;
  description: string;
  actions: Record<string, McpAction>;
}
