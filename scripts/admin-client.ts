// Operator commands on the embedded PGlite database: the running server holds the data folder, so
// the command asks the server to do the work through its loopback-only admin route
// (app/api/admin/*), authenticated by the token derived from this installation's AUTH_SECRET.
import { env } from "../lib/env.ts";
import { adminToken } from "../lib/ops/admin-token.ts";

export async function askRunningServer(task: "reconcile" | "ledger-check", locked: Error): Promise<unknown> {
  const config = env();
  const host = !config.host || config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${config.port}/api/admin/${task}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken()}` },
      signal: AbortSignal.timeout(120_000),
    });
  } catch {
    throw new Error(
      `${locked.message}\nAnother process holds the database, and no Onramp server answers at ${url}. ` +
        "Stop that process, or start the server (npm start) and run this command again.",
    );
  }
  const body = (await response.json().catch(() => null)) as {
    data?: unknown;
    error?: { message?: string };
  } | null;
  if (!response.ok || !body?.data) {
    throw new Error(
      `The server at ${url} refused (${response.status}${body?.error?.message ? `: ${body.error.message}` : ""}). ` +
        "Run this command on the server's machine with the same ONRAMP_DATA_DIR (or AUTH_SECRET) and PORT.",
    );
  }
  console.error(`[onramp] the database is held by the running server; asked it at ${url}`);
  return body.data;
}
