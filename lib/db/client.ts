/**
 * The database: PGlite (in-process PostgreSQL) in ONRAMP_DATA_DIR by default, node-postgres when
 * DATABASE_URL is set. Opened lazily on first use — never at import, so `next build` does not touch
 * it — migrated once (the demo coupons then follow the mode, see demo-coupons.ts), and cached on
 * globalThis so every bundle chunk in the process shares one client.
 */
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import { ensurePrivateDir } from "@/lib/private-files";
import { syncDemoCoupons } from "./demo-coupons";
import { acquireDirLock } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

interface Handle {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
  ping: () => Promise<void>;
}

const globalKey = Symbol.for("onramp.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Handle> };
const g = globalThis as GlobalWithDb;

const migrationsFolder = () => path.join(process.cwd(), "drizzle");

async function openPglite(dir: string): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const inMemory = dir.startsWith("memory://");
  let release = () => {};
  if (!inMemory) {
    ensurePrivateDir(dir);
    release = acquireDirLock(dir);
  }
  try {
    const client = new PGlite(dir);
    await client.waitReady;
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: migrationsFolder() });
    await syncDemoCoupons(db as unknown as Db, env().localMode);
    return {
      db: db as unknown as Db,
      kind: "pglite",
      ping: async () => {
        await client.query("select 1");
      },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(url: string): Promise<Handle> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that errors (server restart) must not crash the process; nor may a checked-out
  // one, which emits its connection error between the statements of a transaction (its next
  // statement then fails and the request answers 503).
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = drizzle(pool, { schema });
  // Several instances may boot at once; the advisory lock serialises their migrations.
  const lockClient = await pool.connect();
  try {
    await lockClient.query("select pg_advisory_lock(7262010)");
    await migrate(db, { migrationsFolder: migrationsFolder() });
    await syncDemoCoupons(db as unknown as Db, env().localMode);
  } finally {
    await lockClient.query("select pg_advisory_unlock(7262010)").catch(() => {});
    lockClient.release();
  }
  return {
    db: db as unknown as Db,
    kind: "postgres",
    ping: async () => {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}

function open(): Promise<Handle> {
  const config = env().database;
  return config.kind === "postgres" ? openPostgres(config.url) : openPglite(config.dir);
}

function handle(): Promise<Handle> {
  if (!g[globalKey]) {
    const opening = open();
    g[globalKey] = opening;
    // A failed open must not poison the cache: the next call retries.
    opening.catch(() => {
      if (g[globalKey] === opening) g[globalKey] = undefined;
    });
  }
  return g[globalKey];
}

/** The migrated database. */
export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

export async function databaseKind(): Promise<"pglite" | "postgres"> {
  return (await handle()).kind;
}

/** Throws when the database cannot answer a trivial query. */
export async function pingDatabase(): Promise<void> {
  await (await handle()).ping();
}

/** Closes the client (tests, shutdown); the next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const current = g[globalKey];
  g[globalKey] = undefined;
  if (current) await (await current).close();
}
