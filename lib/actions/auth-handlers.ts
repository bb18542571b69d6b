/**
 * The signed-out half of the dashboard: sign-up, verification, forgot and reset password. Each
 * parses the form, applies the agents API's auth rate limit (same bucket, same key), and calls the
 * accounts domain exactly as the API routes do; the copy is written for people instead of agents.
 */
import { z } from "zod";
import { emailOnlyBody, resetPasswordBody, signupBody } from "@/lib/auth/schemas";
import { DEFAULT_TOKEN_EXPIRY } from "@/lib/auth/token-expiry";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkRateLimits, type LimiterName } from "@/lib/http/rate-limit";
import { forgotPassword } from "@/lib/sign-in/forgot-password";
import { resendVerification } from "@/lib/sign-in/resend-verification";
import { InvalidResetToken, resetPassword } from "@/lib/sign-in/reset-password";
import { signup } from "@/lib/sign-in/signup";
import { InvalidVerificationCode, verifyEmail } from "@/lib/sign-in/verify-email";
import { flag } from "./fields";

/** `perIp`: the API route's limiters keyed by IP alone (authIp where a password is hashed, signup). */
async function limitAuth(ip: string, email: string, perIp: LimiterName[] = []) {
  const limit = await checkRateLimits([
    { name: "auth", key: `${ip}|${email.trim().toLowerCase()}` },
    ...perIp.map((name) => ({ name, key: ip })),
  ]);
  if (!limit.allowed) {
    throw new AppError("rate_limited", `Too many attempts. Try again in ${limit.retryAfterSec} seconds.`);
  }
}

const text = (form: Record<string, unknown>, name: string) =>
  typeof form[name] === "string" ? (form[name] as string) : undefined;

export async function handleSignUp(db: Db, form: Record<string, unknown>, ip: string) {
  const body = signupBody.parse({
    email: text(form, "email"),
    password: text(form, "password"),
    password_confirmation: text(form, "password_confirmation"),
    name: text(form, "name") || undefined,
  });
  await limitAuth(ip, body.email, ["authIp", "signup"]);
  await signup(db, { email: body.email, password: body.password, name: body.name });
  // The same answer whether or not the address already had an account (no enumeration).
  return { email: body.email };
}

export async function handleResendVerification(db: Db, form: Record<string, unknown>, ip: string) {
  const body = emailOnlyBody.parse({ email: text(form, "email") });
  await limitAuth(ip, body.email);
  await resendVerification(db, { email: body.email });
  return { email: body.email };
}

const codeBody = z.object({
  code: z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(200),
});

/** Verifies with the code pasted from the email; signs nobody in (the person signs in next). */
export async function handleVerifyCode(db: Db, form: Record<string, unknown>, ip: string) {
  const body = codeBody.parse({ code: text(form, "code") });
  await limitAuth(ip, "");
  try {
    const { user } = await verifyEmail(db, {
      code: body.code,
      issueCredentials: false,
      tokenExpiry: DEFAULT_TOKEN_EXPIRY,
      deviceName: "dashboard",
    });
    return { email: user.email };
  } catch (error) {
    if (error instanceof InvalidVerificationCode) {
      const { reason } = error;
      throw new AppError(
        "invalid_verification_code",
        reason === "used"
          ? "This code was already used, so your email is verified. Sign in."
          : reason === "expired"
            ? "This code has expired (codes last 24 hours). Ask for a new email below."
            : "This code is not valid. Use the code from the most recent email, or ask for a new one.",
        { details: { code: [reason === "used" ? "already used" : "not valid"] } },
      );
    }
    throw error;
  }
}

export async function handleForgotPassword(db: Db, form: Record<string, unknown>, ip: string) {
  const body = emailOnlyBody.parse({ email: text(form, "email") });
  await limitAuth(ip, body.email);
  await forgotPassword(db, { email: body.email });
  return { email: body.email };
}

export async function handleResetPassword(db: Db, form: Record<string, unknown>, ip: string) {
  const body = resetPasswordBody.parse({
    email: text(form, "email"),
    token: text(form, "token"),
    password: text(form, "password"),
    password_confirmation: text(form, "password_confirmation"),
    // An unticked checkbox posts nothing.
    revoke_api_keys: form.revoke_api_keys === undefined ? undefined : flag.parse(form.revoke_api_keys),
  });
  await limitAuth(ip, body.email, ["authIp"]);
  try {
    await resetPassword(db, {
      email: body.email,
      token: body.token,
      password: body.password,
      revokeApiKeys: body.revoke_api_keys,
    });
  } catch (error) {
    if (error instanceof InvalidResetToken) {
      throw new AppError(
        "invalid_reset_token",
        error.reason === "expired"
          ? "This reset link has expired (links last 30 minutes). Ask for a new one."
          : "This reset link is not valid any more: links work once, and only the newest one works. Ask for a new one.",
      );
    }
    throw error;
  }
  return { email: body.email };
}

/** What the sign-in page says for each refusal code from dashboard-auth.ts. */
export function signInMessage(code: string | undefined): string {
  switch (code) {
    case "email_not_verified":
      return "Verify your email address first: open the link in the email we sent you. Need a new email? Use the form below.";
    case "account_locked":
      return "Password sign-in is locked after too many failed attempts. Reset your password to unlock it.";
    case "rate_limited":
      return "Too many sign-in attempts. Wait a minute, then try again.";
    case "server_busy":
      return "The server is busy right now. Try again in a moment.";
    case "invalid_input":
      return "Enter your email address and password.";
    case "invalid_credentials":
      return "The email or password is incorrect.";
    default:
      return "Sign-in failed on our side. Try again in a moment.";
  }
}

/** Only same-site paths: `next` comes from the URL, and must never send people elsewhere. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) {
    return "/dashboard";
  }
  try {
    const url = new URL(next, "http://onramp.invalid");
    if (url.origin !== "http://onramp.invalid") return "/dashboard";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/dashboard";
  }
}
