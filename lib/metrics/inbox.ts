/** The webhook inbox as /metrics reports it: events not yet processed, and how old the oldest is. */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { setInboxProbe as register } from "./registry";

export function setInboxProbe(database: () => Promise<Db>): void {
  register(async () => {
    const db = await database();
    const result = (await db.execute(sql`
      select count(*)::int as backlog,
             coalesce(extract(epoch from now() - min(received_at)), 0)::float8 as oldest
      from stripe_event where processed_at is null`)) as unknown as {
      rows: Array<{ backlog: number; oldest: number }>;
    };
    const row = result.rows[0];
    return { backlog: Number(row?.backlog ?? 0), oldestAgeSec: Number(row?.oldest ?? 0) };
  });
}
