/** The small HTML pages of the email link: self-contained (inline CSS, no scripts, no external assets). */
import { escapeHtml } from "@/lib/mail/templates/layout";

export function verifyPage(input: { title: string; ok: boolean; paragraphs: string[] }): string {
  const accent = input.ok ? "#0f766e" : "#b45309";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)} · Onramp</title>
<style>
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f8fafc;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#0f172a}
  main{max-width:520px;margin:24px;background:#fff;border:1px solid #e2e8f0;border-top:4px solid ${accent};border-radius:8px;padding:32px}
  .brand{margin:0 0 16px;font-weight:700;color:#0f766e}
  h1{margin:0 0 16px;font-size:22px}
  p{margin:0 0 12px;line-height:1.55;color:#334155}
  code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:#f1f5f9;padding:1px 4px;border-radius:4px}
  a{color:#0f766e}
</style>
</head>
<body>
<main>
<p class="brand">Onramp</p>
<h1>${escapeHtml(input.title)}</h1>
${input.paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
<p><a href="/">Back to Onramp</a></p>
</main>
</body>
</html>`;
}
