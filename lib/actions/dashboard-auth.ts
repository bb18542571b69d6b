/**
 * Auth.js v5 for the dashboard: email + password (the same users, argon2id check and soft lock as
 * the agents API), JWT sessions that name a `dashboard_session` row. The JWT only says who signed
 * in; `lib/actions/session.ts` checks the row, the user and the membership on every request.
 *
 * Configured lazily so `next build` never reads configuration or touches the data folder.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { DASHBOARD_SESSION_TTL_MS } from "@/lib/auth/dashboard-sessions";
import { emailField, passwordField } from "@/lib/auth/schemas";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { log } from "@/lib/log";
import { passwordSignIn } from "./dashboard-sign-in";

declare module "next-auth" {
  interface User {
    accountId?: string;
    sessionId?: string;
  }
  interface Session {
    userId: string;
    accountId: string;
    sessionId: string;
  }
}

/**
 * A refused sign-in. `code` travels to the sign-in action (never to a URL we show), which turns it
 * into a message: invalid_credentials, email_not_verified, account_locked, rate_limited, invalid_input.
 */
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const credentialsSchema = z.object({ email: emailField, password: passwordField });

async function authorize(raw: Partial<Record<string, unknown>>, request: Request) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new SignInRefused("invalid_input");
  const { email, password } = parsed.data;
  try {
    const { user, sessionId } = await passwordSignIn(await getDb(), {
      email,
      password,
      ip: clientIp(request.headers, env().trustedProxies),
      userAgent: request.headers.get("user-agent"),
    });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      accountId: user.personalAccountId,
      sessionId,
    };
  } catch (error) {
    if (isAppError(error)) throw new SignInRefused(error.code);
    throw error;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: DASHBOARD_SESSION_TTL_MS / 1000 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize,
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.aid = user.accountId;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        userId: String(token.uid ?? ""),
        accountId: String(token.aid ?? ""),
        sessionId: String(token.sid ?? ""),
      };
    },
  },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log().error({ err: error.message, type: (error as { type?: string }).type }, "auth.js error");
    },
    warn(code) {
      log().warn({ code }, "auth.js warning");
    },
    debug() {},
  },
}));
