/**
 * The dashboard's door: who is signed in, checked against the database on every request (the JWT
 * alone is not trusted to still mean anything), plus the rate limit the agents API applies to the
 * same person. Server actions, route handlers and pages all come through here.
 */
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Human, resolveDashboardSession } from "@/lib/dashboard/sessions";
import { type Db, getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { checkRateLimits, type LimiterName } from "@/lib/http/rate-limit";
import { auth } from "./dashboard-auth";
import { type ActionResult, ok, toFailure, unsafeInputFailure } from "./result";

export type { Human };

/** The signed-in person, or null. Checked once per request (React's cache), however many callers. */
export const currentHuman = cache(async (): Promise<Human | null> => {
  const session = await auth();
  if (!session?.sessionId) return null;
  return resolveDashboardSession(await getDb(), {
    sessionId: session.sessionId,
    userId: session.userId,
    accountId: session.accountId,
  });
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
 * Runs one dashboard action as the signed-in person: the form's input checked for control
 * characters (as the agents API's door does), session check, the person's rate limit (the agents
 * API's buckets, keyed the same way), then the handler; failures become values.
 */
export async function runAsHuman<T>(
  handler: (ctx: HumanContext) => Promise<T>,
  /** `ipLimiters`: also counted per IP alone, as the matching API route does (authIp for argon2 work). */
  options: { limiter?: LimiterName; ipLimiters?: LimiterName[]; input?: unknown } = {},
): Promise<ActionResult<T>> {
  const refused = unsafeInputFailure(options.input);
  if (refused) return refused;
  try {
    const human = await requireHuman();
    const ip = clientIp(await headers(), env().trustedProxies);
    const limit = await checkRateLimits([
      { name: options.limiter ?? "general", key: `${ip}|${human.userId}` },
      ...(options.ipLimiters ?? []).map((name) => ({ name, key: ip })),
    ]);
    if (!limit.allowed) {
      throw new AppError("rate_limited", `Too many requests. Try again in ${limit.retryAfterSec} seconds.`);
    }
    return ok(await handler({ db: await getDb(), human }));
  } catch (error) {
    return toFailure(error);
  }
}
