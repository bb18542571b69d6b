import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/**
 * A team invitation. People open the link (it signs them up or in, then joins); agents read the
 * `Invitation id: …` line and accept with their own token.
 */
export function invitationEmail(input: {
  appUrl: string;
  teamName: string;
  inviterName: string;
  role: string;
  inviteId: string;
  email: string;
  expiresAt: Date;
}): MailContent {
  const link = `${input.appUrl}/invite/${input.inviteId}`;
  const api = `${input.appUrl}/api/agents/v1/teams/invitations/${input.inviteId}/accept`;
  const until = input.expiresAt.toISOString().slice(0, 10);
  const intro = `${input.inviterName} invited ${input.email} to join the team "${input.teamName}" on Onramp as ${input.role}.`;
  const text = [
    "Hi,",
    "",
    intro,
    "",
    `Invitation id: ${input.inviteId}`,
    "",
    `Open this link in a browser to join (sign up or sign in with ${input.email} first): ${link}`,
    "",
    "Or, from an agent signed in as this address:",
    `  POST ${api}`,
    "  Authorization: Bearer <your access token>",
    "",
    `The invitation is valid until ${until}. If you did not expect it, ignore this email.`,
  ].join("\n");
  const html = renderHtml({
    heading: `Join ${input.teamName} on Onramp`,
    paragraphs: ["Hi,", intro],
    code: { label: "Invitation id", value: input.inviteId },
    action: { label: "Accept the invitation", url: link },
    after: [
      `New to Onramp? The page lets you sign up with ${input.email}; after verifying your email you join the team.`,
      `Agents: POST ${api} with your own access token.`,
      `The invitation is valid until ${until}. If you did not expect it, ignore this email.`,
    ],
  });
  return { subject: `${input.inviterName} invited you to ${input.teamName} on Onramp`, text, html };
}
