/**
 * The dashboard's door: who is signed in, checked against the database on every request (the JWT
 * alone is not trusted to still mean anything), plus the rate limit the agents API applies to the
 * same person. Server actions (`runAsHuman`, the door core's action preset), route handlers
 * (`signedIn`, its session authentication) and pages (`humanOrRedirect`) all come through here.
 */
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Human, resolveDashboardSession } from "@/lib/auth/dashboard-sessions";
import { type Permission, requirePermission } from "@/lib/auth/permissions";
import { type Db, getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ActionResult } from "@/lib/http/action-result";
import { type Authenticator, none, session } from "@/lib/http/authenticate";
import { type LimitPlan, runDoor } from "@/lib/http/door";
import { fromAction } from "@/lib/http/door-request";
import { action } from "@/lib/http/outputs/action";
import type { LimiterName } from "@/lib/http/rate-limit";
import { auth } from "./dashboard-auth";

export type { Human };

async function sessionClaims() {
  const claims = await auth();
  return claims?.sessionId
    ? { sessionId: claims.sessionId, userId: claims.userId, accountId: claims.accountId }
    : null;
}

/** The door core's authentication for the dashboard: the signed-in person, or 401. */
export const signedIn = session({ read: sessionClaims, resolve: resolveDashboardSession });

/** The signed-in person, or null. Checked once per request (React's cache), however many callers. */
export const currentHuman = cache(async (): Promise<Human | null> => {
  const claims = await sessionClaims();
  return claims ? resolveDashboardSession(await getDb(), claims) : null;
});

/** For actions and route handlers: the person, or an `unauthenticated` AppError. */
export async function requireHuman(): Promise<Human> {
  const human = await currentHuman();
  if (!human) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  return human;
}

/** For pages: the person, or a redirect to sign-in that comes back here afterwards. */
export async function humanOrRedirect(): Promise<Human> {
  const human = await currentHuman();
  if (human) return human;
  const path = (await headers()).get("x-onramp-path") ?? "/dashboard";
  redirect(`/login?next=${encodeURIComponent(path)}`);
}

export interface HumanContext {
  db: Db;
  human: Human;
}

/**
 * The door core's action preset: the caller (`auth`), the rate limit, the input checked for control
 * characters (as the agents API's door does), then the handler; failures become values.
 */
async function runAction<C, T>(
  auth: Authenticator<C, unknown>,
  limit: LimitPlan | false,
  input: unknown,
  handler: (ctx: { db: Db; caller: C; ip: string }) => Promise<T>,
): Promise<ActionResult<T>> {
  return runDoor(
    fromAction(await headers(), input),
    { auth, limit, inputGuard: { root: "form" }, log: false, output: action<T>(), audience: "human" },
    handler,
  );
}

/**
 * Runs one dashboard action as the signed-in person: session check, the person's rate limit (the
 * agents API's buckets, keyed the same way), the form's control characters, then the handler.
 */
export async function runAsHuman<T>(
  handler: (ctx: HumanContext) => Promise<T>,
  /** `ipLimiters`: also counted per IP alone, as the matching API route does (authIp for argon2 work). */
  options: {
    limiter?: LimiterName;
    ipLimiters?: LimiterName[];
    input?: unknown;
    /** What the person's role in the acting account must allow (as the matching API route declares). */
    permission?: Permission;
  } = {},
): Promise<ActionResult<T>> {
  const limit: LimitPlan = {
    limiter: options.limiter ?? "general",
    ipLimiters: options.ipLimiters,
    message: (sec) => `Too many requests. Try again in ${sec} seconds.`,
  };
  return runAction(signedIn, limit, options.input, ({ db, caller }) => {
    if (options.permission) requirePermission(caller, options.permission);
    return handler({ db, human: caller });
  });
}

/**
 * A signed-out form (sign-up, verification, password reset): no session, and the rate limit is the
 * handler's (it keys the agents API's auth bucket on the email the form parses to).
 */
export async function runSignedOut<T>(
  input: unknown,
  handler: (ctx: { db: Db; ip: string }) => Promise<T>,
): Promise<ActionResult<T>> {
  return runAction(none(), false, input, handler);
}

/** An action on the person's own sessions, without the rate limit (signing out is never refused). */
export async function runAsHumanUnlimited<T>(
  handler: (ctx: HumanContext) => Promise<T>,
): Promise<ActionResult<T>> {
  return runAction(signedIn, false, undefined, ({ db, caller }) => handler({ db, human: caller }));
}
