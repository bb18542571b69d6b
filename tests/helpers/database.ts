/**
 * Runs a suite against each database the machine offers: in-memory PGlite always, and a throwaway
 * PostgreSQL database (created here, dropped afterwards) when DATABASE_URL was set for the run.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeDb, getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
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

/** Points the app's database client at a fresh database of `kind`; returns a cleanup function. */
export async function useFreshDatabase(kind: DbKind): Promise<() => Promise<void>> {
  await closeDb();
  if (kind === "pglite") {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = "memory://";
    resetEnvCache();
    await getDb();
    return async () => {
      await closeDb();
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
    await closeDb();
    delete process.env.DATABASE_URL;
    resetEnvCache();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  };
}
