// /verify/{code} — the email's link. GET shows a confirm page (or, with Accept: application/json, what the code would verify) and never verifies: mail scanners follow links. POST verifies: the page's button (HTML, no credentials) or an agent (JSON, like /auth/verify-email)

import { verifyLinkBody } from "@/lib/auth/schemas";
import { DEFAULT_TOKEN_EXPIRY } from "@/lib/auth/token-expiry";
import { env } from "@/lib/env";
import { agentRoute, type Page, page } from "@/lib/http";
import type { DoorRequest } from "@/lib/http/door-request";
import { methods } from "@/lib/http/methods";
import { envelope } from "@/lib/http/outputs/envelope";
import { html } from "@/lib/http/outputs/html";
import { presentSignIn, verifiedMessage } from "@/lib/http/present/auth";
import { escapeHtml } from "@/lib/mail/templates/layout";
import {
  InvalidVerificationCode,
  inspectVerificationCode,
  type VerificationCodeProblem,
  verifyEmail,
} from "@/lib/sign-in/verify-email";
import { VERIFY_PAGE_CSP, verifyPage } from "./page-html";

/**
 * JSON when the client asks for it, or — on POST — when it states no preference and is not a
 * browser form (curl, SDKs). A browser always accepts text/html, so its form post gets the page.
 */
function wantsJson(request: DoorRequest): boolean {
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("text/html")) return false;
  if (accept.includes("application/json")) return true;
  const contentType = request.headers.get("content-type") ?? "";
  return request.method === "POST" && !contentType.includes("application/x-www-form-urlencoded");
}

/** JSON answers in the envelope; pages as HTML with their own policy. */
const output = html({
  headers: {
    "Content-Security-Policy": VERIFY_PAGE_CSP,
    // The URL holds the code: never send it on as a Referer.
    "Referrer-Policy": "no-referrer",
  },
  otherwise: envelope(),
});

const FAILURES: Record<VerificationCodeProblem, { title: string; text: string }> = {
  used: {
    title: "This link was already used",
    text: 'The email address is already verified. People can <a href="/login">sign in to the dashboard</a>; agents sign in with <code>POST /api/agents/v1/auth/login</code>.',
  },
  expired: {
    title: "This link has expired",
    text: "Verification links last 24 hours. Ask for a new one with <code>POST /api/agents/v1/auth/resend-verification</code>.",
  },
  unknown: {
    title: "This link is not valid",
    text: "It may have been replaced by a newer one: use the link in the most recent verification email, or ask for a new one with <code>POST /api/agents/v1/auth/resend-verification</code>.",
  },
};

/** The failure page for an invalid code; anything else keeps travelling to the door's envelope. */
function failurePage(error: unknown): Page {
  if (!(error instanceof InvalidVerificationCode)) throw error;
  const failure = FAILURES[error.reason];
  return page(verifyPage({ title: failure.title, ok: false, paragraphs: [failure.text] }), error.status);
}

const linkPath = (code: string) => `/verify/${encodeURIComponent(code)}`;

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute(
    { auth: false, limiter: "auth" },
    async ({ db, params, request }) => {
      const code = params.code ?? "";
      if (wantsJson(request)) {
        const { email } = await inspectVerificationCode(db, { code });
        return {
          email,
          verified: false,
          message:
            "Not verified yet: opening the link changes nothing. POST to this URL, or POST the code to /api/agents/v1/auth/verify-email, to verify and sign in.",
          verify: { method: "POST", url: `${env().appUrl}${linkPath(code)}` },
        };
      }
      try {
        const { email } = await inspectVerificationCode(db, { code });
        return page(
          verifyPage({
            title: "Confirm your email address",
            ok: true,
            paragraphs: [
              `Press the button to verify <strong>${escapeHtml(email)}</strong> for your Onramp account.`,
              "If you did not sign up for Onramp, close this page: nothing happens until the button is pressed.",
            ],
            form: { action: linkPath(code), button: "Verify my email" },
          }),
        );
      } catch (error) {
        return failurePage(error);
      }
    },
    output,
  ),
  POST: agentRoute(
    { auth: false, limiter: "auth", body: verifyLinkBody },
    async ({ db, params, request, body }) => {
      const code = params.code ?? "";
      if (wantsJson(request)) {
        const result = await verifyEmail(db, {
          code,
          issueCredentials: true,
          tokenExpiry: body.tokenExpiry,
          deviceName: body.deviceName ?? "email-verification",
        });
        return {
          message: verifiedMessage(result.passwordCleared),
          ...presentSignIn({ user: result.user, token: result.token!, apiKey: result.apiKey }),
          ...(result.passwordCleared ? { password_reset_required: true } : {}),
        };
      }
      try {
        // The browser page verifies the address but issues no credentials (see VerifyEmailInput).
        const { user, passwordCleared } = await verifyEmail(db, {
          code,
          issueCredentials: false,
          tokenExpiry: DEFAULT_TOKEN_EXPIRY,
          deviceName: "email-verification",
        });
        return page(
          verifyPage({
            title: "Email verified",
            ok: true,
            paragraphs: passwordCleared
              ? [
                  `<strong>${escapeHtml(user.email)}</strong> is verified.`,
                  'This address signed up more than once, with different passwords, before it was verified, so to keep the account safe neither password was kept. <a href="/forgot-password">Choose your password</a>, then sign in.',
                ]
              : [
                  `<strong>${escapeHtml(user.email)}</strong> is verified. You can close this page.`,
                  'You can now <a href="/login">sign in to the dashboard</a>. An agent signs in with <code>POST /api/agents/v1/auth/login</code>; the answer includes the account\'s API key.',
                ],
          }),
        );
      } catch (error) {
        return failurePage(error);
      }
    },
    output,
  ),
});
