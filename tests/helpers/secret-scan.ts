/**
 * PCI-04 / AUTH-08 / AUTH-15: looks for card numbers and one-time secrets stored or logged in
 * clear. It finds Luhn-valid PANs (13–19 digits from a card network's range, spaces or dashes
 * allowed), verification codes (`vc_` + 26 base32), full access tokens and API keys, and the reset
 * tokens and codes that the outbox mailed (read from the outbox, then looked for everywhere else).
 * The outbox's own rows in local mode hold the mails by design and are not findings; rows sent
 * over SMTP keep only the envelope, so they are scanned like any other table.
 */
import { readFileSync } from "node:fs";
import { luhnValid } from "@/lib/luhn";

export type SecretKind = "pan" | "verification_code" | "reset_token" | "access_token" | "api_key";

export interface Finding {
  where: string;
  kind: SecretKind;
  /** The secret masked, enough to find it again without printing it. */
  excerpt: string;
}

// Bounded like the card guard's: a run glued to letters or digits is part of an id or a hash.
const PAN_CANDIDATE = /(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w.-])/g;
const VERIFICATION_CODE = /\bvc_[a-z2-7]{26}\b/gi;
const ACCESS_TOKEN = /\b\d+\|onr_at_[A-Za-z0-9_-]{49}(?![A-Za-z0-9_-])/g;
const API_KEY = /\bonr_ak_[A-Za-z0-9_-]{49}(?![A-Za-z0-9_-])/g;
const MAILED_RESET_TOKEN = /[?&]token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

const mask = (s: string) => (s.length > 10 ? `${s.slice(0, 6)}…${s.slice(-2)}` : "…");

/** Secrets mailed by the outbox: what must appear nowhere else. */
export interface MailedSecrets {
  resetTokens: Set<string>;
}

export const noMailedSecrets = (): MailedSecrets => ({ resetTokens: new Set() });

export function collectMailedSecrets(text: string, into: MailedSecrets): void {
  for (const m of text.matchAll(MAILED_RESET_TOKEN)) into.resetTokens.add(m[1]!);
}

export function findSecrets(
  text: string,
  where: string,
  mailed: MailedSecrets = noMailedSecrets(),
): Finding[] {
  const found: Finding[] = [];
  for (const m of text.matchAll(PAN_CANDIDATE)) {
    const digits = m[0].replace(/[ -]/g, "");
    if (digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits)) {
      found.push({ where, kind: "pan", excerpt: `${digits.slice(0, 6)}…${digits.slice(-4)}` });
    }
  }
  for (const m of text.matchAll(VERIFICATION_CODE))
    found.push({ where, kind: "verification_code", excerpt: mask(m[0]) });
  for (const m of text.matchAll(ACCESS_TOKEN))
    found.push({ where, kind: "access_token", excerpt: mask(m[0]) });
  for (const m of text.matchAll(API_KEY)) found.push({ where, kind: "api_key", excerpt: mask(m[0]) });
  for (const token of mailed.resetTokens) {
    if (text.includes(token)) found.push({ where, kind: "reset_token", excerpt: mask(token) });
  }
  return found;
}

type Query = (text: string) => Promise<Array<Record<string, unknown>>>;

const rowText = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_k, v) => (v && typeof v === "object" && v.type === "Buffer" ? "<bytes>" : v));

/** Every row of every table in the public schema, except the mails the local outbox keeps by design. */
export async function scanDatabase(
  query: Query,
  where: string,
  mailed: MailedSecrets = noMailedSecrets(),
): Promise<Finding[]> {
  const tables = (
    await query(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
    )
  ).map((r) => String(r.table_name));
  const rows: Array<[string, string]> = [];
  for (const table of tables) {
    for (const row of await query(`select * from "${table.replaceAll('"', '""')}"`)) {
      const text = rowText(row);
      if (table === "outbox_email" && row.transport === "outbox") {
        collectMailedSecrets(text, mailed);
        continue;
      }
      rows.push([table, text]);
    }
  }
  return rows.flatMap(([table, text]) => findSecrets(text, `${where} table ${table}`, mailed));
}

/** A JSON-lines log file; reset tokens mailed during the run are looked for too when known. */
export function scanLogFile(file: string, mailed: MailedSecrets = noMailedSecrets()): Finding[] {
  const lines = readFileSync(file, "utf8").split("\n");
  return lines.flatMap((line, i) => findSecrets(line, `${file}:${i + 1}`, mailed));
}

export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.kind} ${f.excerpt} in ${f.where}`).join("\n");
}
