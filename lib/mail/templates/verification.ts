import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/**
 * Agents parse the `Verification code: …` line; humans open the link, which shows a confirm page
 * (a mail scanner that follows links verifies nothing), and press its button.
 * `repeatedSignup`: the address signed up again before verifying. With the same password nothing
 * changes; with another one the pending password is contested and verifying keeps none (see
 * lib/sign-in/signup.ts), which the owner should know before verifying.
 */
export type RepeatedSignup = "same-password" | "other-password";

export function verificationEmail(input: {
  appUrl: string;
  name: string;
  code: string;
  repeatedSignup?: RepeatedSignup | undefined;
}): MailContent {
  const link = `${input.appUrl}/verify/${input.code}`;
  const api = `${input.appUrl}/api/agents/v1/auth/verify-email`;
  const forgot = `${input.appUrl}/forgot-password`;
  const repeated =
    input.repeatedSignup === "other-password"
      ? [
          "Someone signed up again with this address, and a different password, before it was verified. To keep the account safe, verifying it keeps neither password.",
          `After verifying, choose your password at ${forgot} (an agent that verifies with the code is signed in at once and can do the same with POST /api/agents/v1/auth/forgot-password).`,
        ]
      : input.repeatedSignup === "same-password"
        ? ["You signed up again before verifying: here is a fresh code. The older ones no longer work."]
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
