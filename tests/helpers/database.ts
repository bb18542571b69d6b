/**
 * Runs a suite against each database the machine offers: in-memory PGlite always, and a throwaway
 * PostgreSQL database (created here, dropped afterwards) when DATABASE_URL was set for the run.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { sql } from "drizzle-orm";
import pg from "pg";
import { closeDb, getDb } from "@/lib/db/client";
import { env, resetEnvCache } from "@/lib/env";
import { describeFindings, noMailedSecrets, scanDatabase, scanLogFile } from "./secret-scan";
import { MACHINE_DATABASE_URL } from "./test-env";

export type DbKind = "pglite" | "postgres";

export const availableDatabases = (): DbKind[] =>
  MACHINE_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: MACHINE_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * PCI-04 / AUTH-08 for every suite: before its database is closed or dropped, no card number,
 * verification code, reset token, access token or API key may be in it in clear (the local
 * outbox's mails aside), nor may a reset token it mailed be in the run's log file.
 */
export async function assertNoSecretsInClear(where: string): Promise<void> {
  const db = await getDb();
  const query = async (text: string) =>
    ((await db.execute(sql.raw(text))) as unknown as { rows: Array<Record<string, unknown>> }).rows;
  const mailed = noMailedSecrets();
  const findings = await scanDatabase(query, where, mailed);
  const logFile = env().logFile;
  if (logFile && mailed.resetTokens.size > 0 && existsSync(logFile))
    findings.push(...scanLogFile(logFile, mailed));
  if (findings.length > 0) {
    throw new Error(`secrets in clear after the suite (${findings.length}):\n${describeFindings(findings)}`);
  }
}

/** Points the app's database client at a fresh database of `kind`; returns a cleanup function. */
export async function useFreshDatabase(kind: DbKind): Promise<() => Promise<void>> {
  await closeDb();
  if (kind === "pglite") {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = "memory://";
    resetEnvCache();
    await getDb();
    return async () => {
      try {
        await assertNoSecretsInClear("pglite");
      } finally {
        await closeDb();
      }
    };
  }
  if (!MACHINE_DATABASE_URL) throw new Error("PostgreSQL tests need DATABASE_URL");
  const name = `onramp_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(MACHINE_DATABASE_URL);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  resetEnvCache();
  await getDb();
  return async () => {
    // The database is dropped whatever the scan finds; the finding fails the suite afterwards.
    const scanned = await assertNoSecretsInClear(`postgres ${name}`).then(
      () => null,
      (error: unknown) => error,
    );
    await closeDb();
    delete process.env.DATABASE_URL;
    resetEnvCache();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    if (scanned) throw scanned;
  };
}
