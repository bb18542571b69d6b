/** A tiny, dependency-free HTML email frame: inline styles only (mail clients drop <style> and CSS files). */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export interface HtmlEmail {
  heading: string;
  paragraphs: string[];
  code?: { label: string; value: string };
  action?: { label: string; url: string };
  after?: string[];
}

export function renderHtml(email: HtmlEmail): string {
  const p = (text: string) =>
    `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#334155">${escapeHtml(text)}</p>`;
  const code = email.code
    ? `<p style="margin:0 0 4px;font-size:13px;color:#64748b">${escapeHtml(email.code.label)}</p>
<p style="margin:0 0 20px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:16px;font-weight:600;color:#0f172a;word-break:break-all">${escapeHtml(email.code.value)}</p>`
    : "";
  const action = email.action
    ? `<p style="margin:0 0 20px"><a href="${escapeHtml(email.action.url)}" style="display:inline-block;background:#0f766e;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:6px">${escapeHtml(email.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#64748b;word-break:break-all">${escapeHtml(email.action.url)}</p>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(email.heading)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:28px">
<p style="margin:0 0 20px;font-weight:700;color:#0f766e">Onramp</p>
<h1 style="margin:0 0 16px;font-size:20px;color:#0f172a">${escapeHtml(email.heading)}</h1>
${email.paragraphs.map(p).join("\n")}
${code}
${action}
${(email.after ?? []).map(p).join("\n")}
</div>
</body></html>`;
}
