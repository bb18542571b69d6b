/**
 * Whether this database has every migration this build ships: the newest entry of
 * drizzle/meta/_journal.json against the newest row drizzle's migrator recorded. A database an
 * older build migrated, or one another instance is still migrating, is not ready for this build.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "./client";

interface Journal {
  entries: Array<{ tag: string; when: number }>;
}

export interface MigrationStatus {
  applied: boolean;
  expected: string | null;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const journal = JSON.parse(
    readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8"),
  ) as Journal;
  const last = journal.entries.at(-1);
  if (!last) return { applied: true, expected: null };
  const result = (await db.execute(
    sql`select coalesce(max(created_at), 0)::text as newest from drizzle.__drizzle_migrations`,
  )) as unknown as { rows: Array<{ newest: string }> };
  const newest = Number(result.rows[0]?.newest ?? 0);
  return { applied: newest >= last.when, expected: last.tag };
}
