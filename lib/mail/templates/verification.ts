import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/** Agents parse the `Verification code: …` line; humans click the link. */
export function verificationEmail(input: { appUrl: string; name: string; code: string }): MailContent {
  const link = `${input.appUrl}/verify/${input.code}`;
  const api = `${input.appUrl}/api/agents/v1/auth/verify-email`;
  const text = [
    `Hi ${input.name},`,
    "",
    "Confirm your email address to finish creating your Onramp account.",
    "",
    `Verification code: ${input.code}`,
    "",
    `Open this link in a browser: ${link}`,
    "",
    "Or, from an agent or script:",
    `  POST ${api}`,
    `  {"verification_code": "${input.code}"}`,
    "",
    "The code works once and expires in 24 hours. If you did not sign up, ignore this email.",
  ].join("\n");
  const html = renderHtml({
    heading: "Verify your email",
    paragraphs: [`Hi ${input.name},`, "Confirm your email address to finish creating your Onramp account."],
    code: { label: "Verification code", value: input.code },
    action: { label: "Verify my email", url: link },
    after: [
      `Agents: POST {"verification_code": "${input.code}"} to ${api}.`,
      "The code works once and expires in 24 hours. If you did not sign up, ignore this email.",
    ],
  });
  return { subject: "Verify your email for Onramp", text, html };
}
