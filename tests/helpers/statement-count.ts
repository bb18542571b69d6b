/**
 * Counts the SQL statements the app's database client sends while `work` runs, so a test can pin
 * how many round trips a hot request path makes. Every statement goes through the drizzle session's
 * logger, in transactions too (their sessions copy the options); BEGIN and COMMIT are left out of
 * `statements` because node-postgres sends them through the logger and PGlite does not, and counted
 * as `transactions` instead, so both databases give the same figures. Run one request at a time:
 * anything else using the database meanwhile is counted too.
 */
import { getDb } from "@/lib/db/client";

interface Logger {
  logQuery(query: string, params: unknown[]): void;
}
interface Session {
  logger: Logger;
  options: { logger?: Logger };
  transaction: (...args: unknown[]) => Promise<unknown>;
}

export interface StatementCount<T> {
  result: T;
  /** The SQL of each statement, in order (BEGIN/COMMIT/ROLLBACK left out). */
  statements: string[];
  transactions: number;
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\b/i;

export async function countStatements<T>(work: () => Promise<T>): Promise<StatementCount<T>> {
  const db = await getDb();
  const session = (db as unknown as { session: Session }).session;
  const statements: string[] = [];
  let transactions = 0;
  const counter: Logger = {
    logQuery: (query) => {
      if (!TRANSACTION_CONTROL.test(query)) statements.push(query);
    },
  };
  const before = { logger: session.logger, optionsLogger: session.options.logger };
  const transaction = session.transaction;
  session.logger = counter;
  session.options.logger = counter;
  session.transaction = (...args: unknown[]) => {
    transactions++;
    return transaction.apply(session, args);
  };
  try {
    const result = await work();
    return { result, statements, transactions };
  } finally {
    session.logger = before.logger;
    session.options.logger = before.optionsLogger;
    delete (session as Partial<Session>).transaction;
    if (session.transaction !== transaction) session.transaction = transaction;
  }
}

/** The statements of a count, one a line, for an assertion's message. */
export const listed = (count: StatementCount<unknown>): string =>
  count.statements.map((s, i) => `${i + 1}. ${s.slice(0, 160)}`).join("\n");
