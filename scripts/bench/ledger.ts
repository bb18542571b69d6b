// Ledger at scale (issue 14, target 4), run by scripts/bench/run.mjs in its own process: the
// balance read, the first transactions page and a deep cursor page, timed through the app's own
// functions on a 1 k-entry ledger and again on an account of BENCH_LEDGER_ACCOUNT_ROWS entries in a
// table of BENCH_LEDGER_TOTAL_ROWS (bulk-inserted with generate_series); each query's EXPLAIN
// ANALYZE is printed. Then the CSV export of the big account is streamed to nowhere while the
// process's RSS is sampled.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { getDb } from "../../lib/db/client.ts";
import { accounts } from "../../lib/db/schema/accounts.ts";
import { ensureWallet } from "../../lib/wallet/ledger.ts";
import { listTransactions } from "../../lib/wallet/queries.ts";
import { transactionsCsvChunks } from "../../lib/wallet/transactions-csv.ts";

const accountRows = Number(process.env.BENCH_LEDGER_ACCOUNT_ROWS ?? 1_000_000);
const totalRows = Math.max(accountRows, Number(process.env.BENCH_LEDGER_TOTAL_ROWS ?? 10_000_000));
const SMALL = 1_000;
const FILLER_ACCOUNTS = 20;
const CHUNK = 500_000;
const RUNS = 200;

async function main(): Promise<void> {
  const db = await getDb();
  const results: Array<{ name: string; value: string; target: string; pass: boolean }> = [];
  const rows = async <T>(query: ReturnType<typeof sql>) =>
    ((await db.execute(query)) as unknown as { rows: T[] }).rows;

  async function newAccount(name: string) {
    const [row] = await db
      .insert(accounts)
      .values({ kind: "personal", name, username: `bench_${name}_${Date.now()}` })
      .returning({ id: accounts.id });
    if (!row) throw new Error("no account");
    const wallet = await ensureWallet(db, row.id);
    return { accountId: row.id, walletId: wallet.id };
  }

  /** `n` credits of $1 on one wallet, in statements of at most CHUNK rows; the wallet row follows. */
  async function fill(target: { accountId: string; walletId: string }, n: number, tag: string) {
    for (let done = 0; done < n; done += CHUNK) {
      const size = Math.min(CHUNK, n - done);
      await db.execute(sql`
        insert into ledger_entry (wallet_id, account_id, amount_minor, balance_after_minor, kind, source,
                                  external_id, description, actor_kind, created_at)
        select ${target.walletId}::uuid, ${target.accountId}::uuid, 100, 100 * (${done}::bigint + g),
               'adjustment', 'system', ${tag} || ':' || (${done}::bigint + g), 'bench entry', 'system',
               now() - make_interval(secs => ${n}::bigint - ${done}::bigint - g)
        from generate_series(1, ${size}::bigint) g`);
    }
    await db.execute(sql`
      update wallet set balance_minor = balance_minor + ${100 * n}::bigint,
        total_credited_minor = total_credited_minor + ${100 * n}::bigint,
        credit_count = credit_count + ${n}::bigint
      where id = ${target.walletId}::uuid`);
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[s.length >> 1] ?? 0;
  };

  async function timed(work: () => Promise<unknown>): Promise<number> {
    for (let i = 0; i < 50; i++) await work();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    return median(times);
  }

  const cursorAt = (seq: number) => Buffer.from(`seq:${seq}`).toString("base64url");

  /** The three reads on one account: median ms through the app's functions, and their plans. */
  async function measure(label: string, target: { accountId: string; walletId: string }, entries: number) {
    const [bounds] = await rows<{ min: string }>(
      sql`select min(seq)::text as min from ledger_entry where wallet_id = ${target.walletId}::uuid`,
    );
    // A page 90 % of the way down: the newest entries have the highest seq.
    const deepSeq = Number(bounds?.min ?? 0) + Math.floor(entries * 0.1);
    const times = {
      balance: await timed(() => ensureWallet(db, target.accountId)),
      first: await timed(() => listTransactions(db, { accountId: target.accountId, limit: 50, offset: 0 })),
      deep: await timed(() =>
        listTransactions(db, {
          accountId: target.accountId,
          limit: 50,
          offset: 0,
          cursor: cursorAt(deepSeq),
        }),
      ),
    };
    console.log(
      `\n${label}: balance ${times.balance.toFixed(3)} ms, first page ${times.first.toFixed(3)} ms, deep cursor page ${times.deep.toFixed(3)} ms (median of ${RUNS})`,
    );
    const plans: Array<[string, ReturnType<typeof sql>]> = [
      [
        "balance read",
        sql`select * from wallet where account_id = ${target.accountId}::uuid and currency = 'USD'`,
      ],
      [
        "first page",
        sql`select * from ledger_entry where wallet_id = ${target.walletId}::uuid order by seq desc limit 51`,
      ],
      [
        "deep cursor page",
        sql`select * from ledger_entry where wallet_id = ${target.walletId}::uuid and seq < ${deepSeq}
            order by seq desc limit 51`,
      ],
    ];
    for (const [name, query] of plans) {
      const plan = await rows<{ "QUERY PLAN": string }>(sql`explain (analyze, buffers off) ${query}`);
      console.log(`  EXPLAIN ANALYZE, ${name}:`);
      for (const r of plan) console.log(`    ${r["QUERY PLAN"]}`);
    }
    return times;
  }

  const started = performance.now();
  const small = await newAccount("small");
  await fill(small, SMALL, "small");
  await db.execute(sql`analyze ledger_entry`);
  const atSmall = await measure(`1 k entries (table: ${SMALL})`, small, SMALL);

  const big = await newAccount("big");
  const generating = performance.now();
  await fill(big, accountRows, "big");
  const rest = totalRows - accountRows - SMALL;
  for (let i = 0; i < FILLER_ACCOUNTS && rest > 0; i++) {
    const share = Math.floor(rest / FILLER_ACCOUNTS) + (i === 0 ? rest % FILLER_ACCOUNTS : 0);
    await fill(await newAccount(`filler${i}`), share, `filler${i}`);
  }
  await db.execute(sql`analyze ledger_entry`);
  const generationSec = (performance.now() - generating) / 1000;
  const [count] = await rows<{ n: string }>(sql`select count(*)::text as n from ledger_entry`);
  console.log(
    `\nGenerated ${Number(count?.n).toLocaleString("en")} ledger entries in ${generationSec.toFixed(0)} s`,
  );
  const atBig = await measure(
    `${accountRows.toLocaleString("en")} entries in one account (table: ${Number(count?.n).toLocaleString("en")})`,
    big,
    accountRows,
  );
  const scale = `${(accountRows / 1e6).toFixed(accountRows < 1e6 ? 2 : 0)}M/${(totalRows / 1e6).toFixed(0)}M`;
  for (const [name, key] of [
    ["balance read", "balance"],
    ["first page", "first"],
    ["deep cursor page", "deep"],
  ] as const) {
    const ratio = atBig[key] / atSmall[key];
    results.push({
      name: `T4 ${name} at ${scale} ÷ at 1k`,
      value: `${ratio.toFixed(2)}×`,
      target: "≤ 1.50",
      pass: ratio <= 1.5,
    });
  }

  // The CSV export of the big account, streamed and thrown away; RSS sampled at every chunk.
  const mb = (n: number) => n / 1024 / 1024;
  let exported = 0;
  let bytes = 0;
  let settledRss = 0;
  let peakRss = 0;
  const exportStarted = performance.now();
  for await (const chunk of transactionsCsvChunks(db, { accountId: big.accountId })) {
    bytes += Buffer.byteLength(chunk);
    exported += chunk.split("\r\n").length - 1;
    const rss = process.memoryUsage().rss;
    // RSS once the first 20 k rows have warmed every cache; growth after that is what the export holds.
    if (exported <= 20_000) settledRss = rss;
    peakRss = Math.max(peakRss, rss);
  }
  const growth = mb(peakRss - settledRss);
  console.log(
    `\nCSV export: ${(exported - 1).toLocaleString("en")} rows, ${mb(bytes).toFixed(0)} MB streamed in ${((performance.now() - exportStarted) / 1000).toFixed(1)} s; RSS ${mb(settledRss).toFixed(0)} MB after 20 k rows, peak ${mb(peakRss).toFixed(0)} MB`,
  );
  results.push({
    name: `T4 CSV export of ${(accountRows / 1e6).toFixed(accountRows < 1e6 ? 2 : 0)}M rows: RSS growth`,
    value: `${growth.toFixed(0)} MB`,
    target: "≤ 64 MB",
    pass: exported - 1 === accountRows && growth <= 64,
  });
  console.log(`\nLedger bench total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`\n@@RESULTS ${JSON.stringify(results)}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
