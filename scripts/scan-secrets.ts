// `npm test` runs this after each half (PCI-04): node --import tsx scripts/scan-secrets.ts
//   [--log FILE]... [--pglite DIR]   — exits 1, listing what it found, when a card number or a
// one-time secret is in clear in a log file or in a (stopped) PGlite database.
import { existsSync } from "node:fs";
import {
  describeFindings,
  type Finding,
  noMailedSecrets,
  scanDatabase,
  scanLogFile,
} from "../tests/helpers/secret-scan";

async function main() {
  const args = process.argv.slice(2);
  const logs: string[] = [];
  const pglites: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === "--log") logs.push(args[i + 1]!);
    else if (args[i] === "--pglite") pglites.push(args[i + 1]!);
    else throw new Error(`unknown argument ${args[i]}`);
  }
  const missing = [...logs, ...pglites].filter((p) => !existsSync(p));
  // A scan of nothing proves nothing: every path named must exist.
  if (missing.length > 0) throw new Error(`nothing to scan at ${missing.join(", ")}`);
  const mailed = noMailedSecrets();
  const findings: Finding[] = [];
  let scanned = 0;
  for (const dir of pglites) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(dir);
    try {
      findings.push(
        ...(await scanDatabase(
          async (text) => (await db.query<Record<string, unknown>>(text)).rows,
          dir,
          mailed,
        )),
      );
      scanned++;
    } finally {
      await db.close();
    }
  }
  for (const file of logs) {
    findings.push(...scanLogFile(file, mailed));
    scanned++;
  }
  if (findings.length > 0) {
    console.error(
      `[scan] secrets in clear (${findings.length}):\n${describeFindings(findings.slice(0, 50))}`,
    );
    process.exit(1);
  }
  console.log(`[scan] no card numbers, codes or tokens in clear in ${scanned} log file(s) and database(s)`);
}

main().catch((error) => {
  console.error(`[scan] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
