import type { MailContent } from "../message";
import { renderHtml } from "./layout";

export function passwordResetEmail(input: { appUrl: string; email: string; token: string }): MailContent {
  const link = `${input.appUrl}/reset-password?token=${encodeURIComponent(input.token)}&email=${encodeURIComponent(input.email)}`;
  const api = `${input.appUrl}/api/agents/v1/auth/reset-password`;
  const text = [
    "Someone asked to reset the password of the Onramp account for this address.",
    "",
    `Reset your password: ${link}`,
    "",
    `Reset token: ${input.token}`,
    "",
    "Or, from an agent or script:",
    `  POST ${api}`,
    `  {"email": "${input.email}", "token": "${input.token}", "password": "…", "password_confirmation": "…"}`,
    "",
    "The token works once and expires in 30 minutes. Resetting signs out every device.",
    "If you did not ask for this, ignore this email: your password stays as it is.",
  ].join("\n");
  const html = renderHtml({
    heading: "Reset your password",
    paragraphs: ["Someone asked to reset the password of the Onramp account for this address."],
    action: { label: "Choose a new password", url: link },
    code: { label: "Reset token (for agents)", value: input.token },
    after: [
      "The token works once and expires in 30 minutes. Resetting signs out every device.",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ],
  });
  return { subject: "Reset your Onramp password", text, html };
}
