/**
 * The small HTML pages of the email link: self-contained (one inline style block, no scripts, no
 * external assets), served with a Content-Security-Policy that allows exactly that style block and
 * form posts back to this site. Callers escape what they interpolate into `paragraphs`.
 */
import { createHash } from "node:crypto";
import { escapeHtml } from "@/lib/mail/templates/layout";

// Constant, so that its hash below is the only style the policy allows.
const STYLE = `
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f8fafc;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#0f172a}
  main{max-width:520px;margin:24px;background:#fff;border:1px solid #e2e8f0;border-top:4px solid #0f766e;border-radius:8px;padding:32px}
  main.warn{border-top-color:#b45309}
  .brand{margin:0 0 16px;font-weight:700;color:#0f766e}
  h1{margin:0 0 16px;font-size:22px}
  p{margin:0 0 12px;line-height:1.55;color:#334155}
  code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:#f1f5f9;padding:1px 4px;border-radius:4px}
  a{color:#0f766e}
  form{margin:20px 0}
  button{font:inherit;font-weight:600;color:#fff;background:#0f766e;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}
  button:focus-visible{outline:3px solid #99f6e4;outline-offset:2px}
`;

export const VERIFY_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function verifyPage(input: {
  title: string;
  ok: boolean;
  paragraphs: string[];
  /** A button that POSTs to `action` (a same-site path), with no script involved. */
  form?: { action: string; button: string };
}): string {
  const form = input.form
    ? `<form method="post" action="${escapeHtml(input.form.action)}"><button type="submit">${escapeHtml(input.form.button)}</button></form>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)} · Onramp</title>
<style>${STYLE}</style>
</head>
<body>
<main${input.ok ? "" : ' class="warn"'}>
<p class="brand">Onramp</p>
<h1>${escapeHtml(input.title)}</h1>
${input.paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
${form}
<p><a href="/">Back to Onramp</a></p>
</main>
</body>
</html>`;
}
