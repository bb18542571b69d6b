// GET /verify/{code} — the email's link: an HTML page for browsers, or the verify-email JSON with Accept: application/json
import { verifyEmail } from "@/lib/accounts/verify-email";
import { signInResponse } from "@/lib/auth/sign-in-response";
import { DEFAULT_TOKEN_EXPIRY } from "@/lib/auth/token-expiry";
import { isAppError } from "@/lib/errors";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { escapeHtml } from "@/lib/mail/templates/layout";
import { verifyPage } from "./page-html";

function wantsJson(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

function html(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

const FAILURES: Record<string, { title: string; text: string }> = {
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

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: false, limiter: "auth" }, async ({ db, params, request }) => {
    const code = params.code ?? "";
    if (wantsJson(request)) {
      const result = await verifyEmail(db, {
        code,
        issueCredentials: true,
        tokenExpiry: DEFAULT_TOKEN_EXPIRY,
        deviceName: "email-verification",
      });
      return {
        message: "Email verified. You are signed in.",
        ...signInResponse({ user: result.user, token: result.token!, apiKey: result.apiKey }),
      };
    }
    try {
      // The browser page verifies the address but issues no credentials (see VerifyEmailInput).
      const { user } = await verifyEmail(db, {
        code,
        issueCredentials: false,
        tokenExpiry: DEFAULT_TOKEN_EXPIRY,
        deviceName: "email-verification",
      });
      return html(
        200,
        verifyPage({
          title: "Email verified",
          ok: true,
          paragraphs: [
            `<strong>${escapeHtml(user.email)}</strong> is verified. You can close this page.`,
            'You can now <a href="/login">sign in to the dashboard</a>. An agent signs in with <code>POST /api/agents/v1/auth/login</code>; the answer includes the account\'s API key.',
          ],
        }),
      );
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_verification_code") throw error;
      const reason = String(error.details?.reason ?? "unknown");
      const failure = FAILURES[reason] ?? FAILURES.unknown!;
      return html(error.status, verifyPage({ title: failure.title, ok: false, paragraphs: [failure.text] }));
    }
  }),
});
