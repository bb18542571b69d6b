import type { MailContent } from "../message";
import { renderHtml } from "./layout";

/** To each owner and admin of a team: a member's request waits for a decision. */
export function approvalRequestedEmail(input: {
  appUrl: string;
  approvalId: string;
  teamName: string;
  requester: string;
  device: string | null;
  summary: string;
  expiresAt: Date;
}): MailContent {
  const who = input.device ? `${input.requester} (agent "${input.device}")` : input.requester;
  const what = `${who} asked to: ${input.summary}. It waits for an owner or admin of ${input.teamName}.`;
  const next = `Approve or reject it in the dashboard before ${input.expiresAt.toUTCString()}; after that it expires.`;
  const url = `${input.appUrl}/dashboard/approvals?id=${input.approvalId}`;
  return {
    subject: `Approval needed: ${input.summary}`,
    text: [what, "", next, url].join("\n"),
    html: renderHtml({
      heading: "A request waits for your approval",
      paragraphs: [what, next],
      action: { label: "Open the approvals inbox", url },
    }),
  };
}
