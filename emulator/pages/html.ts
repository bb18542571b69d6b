/** Minimal server-rendered HTML for the hosted pages (no scripts needed to pay). */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
main{max-width:980px;margin:0 auto;padding:32px 20px;display:grid;gap:32px;grid-template-columns:1fr 1fr}
@media(max-width:760px){main{grid-template-columns:1fr}}
.card{background:#fff;border-radius:10px;box-shadow:0 2px 5px rgba(50,50,93,.1),0 1px 2px rgba(0,0,0,.08);padding:24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 8px;color:#697386;font-weight:600}
.total{font-size:32px;font-weight:700;margin:8px 0 16px}
table{width:100%;border-collapse:collapse}td{padding:8px 0;border-bottom:1px solid #e3e8ee}td.num{text-align:right}
label{display:block;font-size:13px;color:#3c4257;margin:12px 0 4px}
input,select{width:100%;padding:10px 12px;border:1px solid #d5dbe1;border-radius:6px;font:inherit;background:#fff}
.row{display:flex;gap:8px}.row>*{flex:1}
button{width:100%;margin-top:18px;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;font:600 16px system-ui;cursor:pointer}
button.secondary{background:#fff;color:#635bff;border:1px solid #635bff}
.error{background:#fff0f0;color:#c0123c;border:1px solid #f5c2c7;border-radius:6px;padding:10px 12px;margin-top:12px}
.muted{color:#697386;font-size:13px}.badge{display:inline-block;font-size:11px;font-weight:700;background:#ffde92;color:#7a4b00;border-radius:4px;padding:2px 6px;letter-spacing:.04em}
a{color:#635bff}
`;

export function page(title: string, body: string, opts: { bare?: boolean } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${opts.bare ? body : `<main>${body}</main>`}</body></html>`;
}
