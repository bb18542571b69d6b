import type { MailContent } from "../message";
import { renderHtml } from "./layout";

export function passwordChangedEmail(input: {
  appUrl: string;
  how: "reset" | "change";
  revokedTokens: number;
  revokedApiKeys?: number;
}): MailContent {
  const what =
    input.how === "reset"
      ? "The password of your Onramp account was reset with a link sent to this address."
      : "The password of your Onramp account was changed.";
  const sessions =
    input.revokedTokens > 0
      ? `${input.revokedTokens} access token(s) were revoked: agents using them must sign in again.`
      : "Your existing access tokens still work.";
  const keys = input.revokedApiKeys
    ? [`${input.revokedApiKeys} API key(s) were revoked: the next sign-in mints a new default key.`]
    : [];
  const forgot = `${input.appUrl}/forgot-password`;
  const warning = "If you did not do this, reset your password now and review your API keys.";
  const text = [what, "", sessions, ...keys.flatMap((k) => ["", k]), "", warning, forgot].join("\n");
  const html = renderHtml({
    heading: "Your password was changed",
    paragraphs: [what, sessions, ...keys, warning],
    action: { label: "Reset my password", url: forgot },
  });
  return { subject: "Your Onramp password was changed", text, html };
}
