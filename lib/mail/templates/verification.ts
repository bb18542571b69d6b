import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/**
 * Agents parse the `Verification code: …` line; humans open the link, which shows a confirm page
 * (a mail scanner that follows links verifies nothing), and press its button.
 * `repeatedSignup`: the address signed up again before verifying; the account keeps the password of
 * its first signup, and the owner should know that before verifying.
 */
export function verificationEmail(input: {
  appUrl: string;
  name: string;
  code: string;
  repeatedSignup?: boolean;
}): MailContent {
  const link = `${input.appUrl}/verify/${input.code}`;
  const api = `${input.appUrl}/api/agents/v1/auth/verify-email`;
  const forgot = `${input.appUrl}/forgot-password`;
  const repeated = input.repeatedSignup
    ? [
        "Someone signed up again with this address before it was verified. The account keeps the password chosen at the first signup, not the one given just now.",
        `If you do not know that password, verify, then reset it (${forgot}) and tick "also revoke every API key".`,
      ]
    : [];
  const text = [
    `Hi ${input.name},`,
    "",
    "Confirm your email address to finish creating your Onramp account.",
    ...repeated.flatMap((line) => ["", line]),
    "",
    `Verification code: ${input.code}`,
    "",
    `Open this link in a browser and press "Verify my email": ${link}`,
    "",
    "Or, from an agent or script:",
    `  POST ${api}`,
    `  {"verification_code": "${input.code}"}`,
    "",
    "The code works once and expires in 24 hours. If you did not sign up, ignore this email.",
  ].join("\n");
  const html = renderHtml({
    heading: "Verify your email",
    paragraphs: [
      `Hi ${input.name},`,
      "Confirm your email address to finish creating your Onramp account.",
      ...repeated,
    ],
    code: { label: "Verification code", value: input.code },
    action: { label: "Open the confirmation page", url: link },
    after: [
      'The page asks you to press "Verify my email"; opening it alone changes nothing.',
      `Agents: POST {"verification_code": "${input.code}"} to ${api}.`,
      "The code works once and expires in 24 hours. If you did not sign up, ignore this email.",
    ],
  });
  return { subject: "Verify your email for Onramp", text, html };
}
