/**
 * The ledger invariants of reliability.md §10.10, checked on a live database (`npm run
 * check:ledger`, and the admin route the command calls when PGlite is held by the server). Reads
 * only; each breach names its invariant and the rows involved. Onramp's ledger is single-entry per
 * wallet, so LEDGER-01 ("each transaction sums to zero") is checked as its equivalent here: every
 * entry's running balance follows from the one before it, in the wallet's currency.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

export interface LedgerBreach {
  invariant: string;
  detail: string;
}

export interface LedgerCheckReport {
  ok: boolean;
  wallets: number;
  entries: number;
  breaches: LedgerBreach[];
}

/** At most this many rows are named per invariant: a broken ledger should not flood the output. */
const LIMIT = 20;

type Row = Record<string, unknown>;

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}

const MONEY_TABLES = ["wallet", "ledger_entry", "payment", "clawback"];

export async function checkLedger(db: Db): Promise<LedgerCheckReport> {
  const breaches: LedgerBreach[] = [];
  const each = (invariant: string, found: Row[], say: (r: Row) => string) => {
    for (const r of found) breaches.push({ invariant, detail: say(r) });
  };

  each(
    "LEDGER-01",
    await rows(
      db,
      sql`select * from (
            select e.id, e.wallet_id, e.seq, e.amount_minor, e.balance_after_minor,
              coalesce(lag(e.balance_after_minor) over (partition by e.wallet_id order by e.seq), 0) as before_minor
            from ledger_entry e) chain
          where before_minor + amount_minor <> balance_after_minor
          order by wallet_id, seq limit ${LIMIT}`,
    ),
    (r) =>
      `entry ${r.id} (wallet ${r.wallet_id}, seq ${r.seq}): ${r.before_minor} + ${r.amount_minor} ≠ ${r.balance_after_minor}`,
  );
  each(
    "LEDGER-01",
    await rows(
      db,
      sql`select e.id, e.currency, w.currency as wallet_currency from ledger_entry e join wallet w on w.id = e.wallet_id
          where upper(e.currency) <> upper(w.currency) limit ${LIMIT}`,
    ),
    (r) => `entry ${r.id} is in ${r.currency}, its wallet in ${r.wallet_currency}`,
  );
  each(
    "LEDGER-02",
    await rows(
      db,
      sql`select w.id, w.balance_minor::text as balance, coalesce(sum(e.amount_minor), 0)::text as total
          from wallet w left join ledger_entry e on e.wallet_id = w.id
          group by w.id, w.balance_minor
          having w.balance_minor <> coalesce(sum(e.amount_minor), 0) limit ${LIMIT}`,
    ),
    (r) => `wallet ${r.id}: cached balance ${r.balance} ≠ Σ entries ${r.total}`,
  );
  each(
    "LEDGER-03",
    await rows(
      db,
      sql`select id, balance_minor::text as balance from wallet where balance_minor < 0 limit ${LIMIT}`,
    ),
    (r) => `wallet ${r.id} is negative (${r.balance})`,
  );
  each(
    "LEDGER-03",
    await rows(
      db,
      sql`select id, wallet_id, balance_after_minor::text as after from ledger_entry where balance_after_minor < 0 limit ${LIMIT}`,
    ),
    (r) => `entry ${r.id} left wallet ${r.wallet_id} at ${r.after}`,
  );
  const guards = await rows(
    db,
    sql`select
          exists (select 1 from pg_constraint where conname = 'wallet_balance_non_negative') as balance_check,
          exists (select 1 from pg_trigger where tgname = 'ledger_entry_no_update_or_delete' and not tgisinternal) as append_only,
          exists (select 1 from pg_indexes where indexname = 'ledger_entry_source_external_kind_uq') as unique_external`,
  );
  const g = guards[0] ?? {};
  if (!g.balance_check)
    breaches.push({ invariant: "LEDGER-03", detail: "the wallet balance CHECK constraint is missing" });
  if (!g.append_only)
    breaches.push({ invariant: "LEDGER-04", detail: "the append-only trigger on ledger_entry is missing" });
  if (!g.unique_external)
    breaches.push({
      invariant: "LEDGER-06",
      detail: "the unique index on (source, external_id, kind) is missing",
    });
  each(
    "LEDGER-05",
    await rows(
      db,
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = current_schema() and column_name like '%_minor'
            and table_name in (${sql.join(
              MONEY_TABLES.map((t) => sql`${t}`),
              sql`, `,
            )})
            and data_type <> 'bigint'`,
    ),
    (r) => `${r.table_name}.${r.column_name} is ${r.data_type}, not bigint`,
  );
  each(
    "LEDGER-06",
    await rows(
      db,
      sql`select source, external_id, kind, count(*)::int as n from ledger_entry
          group by source, external_id, kind having count(*) > 1 limit ${LIMIT}`,
    ),
    (r) => `${r.n} entries for (${r.source}, ${r.external_id}, ${r.kind})`,
  );
  each(
    "LEDGER-07",
    await rows(
      db,
      sql`select e.id, e.external_id, p.status from ledger_entry e
          left join payment p on p.id = e.external_id
          where e.source = 'stripe' and e.kind in ('fund', 'auto_fund')
            and (p.id is null or p.status <> 'succeeded') limit ${LIMIT}`,
    ),
    (r) => `credit ${r.id} for ${r.external_id}: the payment is ${r.status ?? "unknown"}, not succeeded`,
  );
  each(
    "LEDGER-08",
    await rows(db, sql`select id from ledger_entry where actor_kind is null limit ${LIMIT}`),
    (r) => `entry ${r.id} has no actor`,
  );

  const [counts] = await rows(
    db,
    sql`select (select count(*) from wallet)::int as wallets, (select count(*) from ledger_entry)::int as entries`,
  );
  return {
    ok: breaches.length === 0,
    wallets: Number(counts?.wallets ?? 0),
    entries: Number(counts?.entries ?? 0),
    breaches,
  };
}
