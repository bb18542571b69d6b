import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/** Sent instead of a verification email when someone signs up with an address that has an account. */
export function signupAttemptEmail(input: { appUrl: string }): MailContent {
  const forgot = `${input.appUrl}/forgot-password`;
  const text = [
    "Someone tried to create an Onramp account with this email address, which already has one.",
    "",
    "If it was you, sign in instead (POST /api/agents/v1/auth/login), or reset your password:",
    forgot,
    "",
    "If it was not you, you can ignore this email: nothing has changed on your account.",
  ].join("\n");
  const html = renderHtml({
    heading: "Someone tried to sign up with your address",
    paragraphs: [
      "Someone tried to create an Onramp account with this email address, which already has one.",
      "If it was you, sign in instead, or reset your password.",
    ],
    action: { label: "Reset my password", url: forgot },
    after: ["If it was not you, you can ignore this email: nothing has changed on your account."],
  });
  return { subject: "Someone tried to sign up with your address", text, html };
}
