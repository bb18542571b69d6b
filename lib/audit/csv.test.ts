import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { getDb } from "@/lib/db/client";
import { availableDatabases, useFreshDatabase } from "@/tests/helpers/database";
import { recordAudit } from "./audit-log";
import { runWithAuditContext } from "./context";
import { AUDIT_CSV_HEADER, auditCsvStream } from "./csv";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

for (const kind of availableDatabases()) {
  describe(`audit CSV on ${kind}`, () => {
    let cleanup: () => Promise<void>;
    const account = randomUUID();
    before(async () => {
      cleanup = await useFreshDatabase(kind);
      const db = await getDb();
      await runWithAuditContext(
        {
          actor: { kind: "agent", userId: randomUUID(), label: '=HYPERLINK("evil")' },
          requestId: "req_1",
          ip: "10.1.1.1",
        },
        async () => {
          for (let i = 0; i < 5; i++) {
            await recordAudit(db, {
              accountId: account,
              action: i % 2 ? "token.created" : "wallet.funded",
              targetType: "ledger_entry",
              targetId: `t${i}`,
              data: { note: `line "${i}", with comma` },
            });
          }
        },
      );
      await recordAudit(db, { accountId: randomUUID(), action: "wallet.funded" });
    });
    after(() => cleanup());

    test("the header, every entry of the account newest first, quoted and formula-safe", async () => {
      const csv = await text(auditCsvStream(await getDb(), { accountId: account }));
      const lines = csv.trimEnd().split("\r\n");
      assert.equal(lines[0], AUDIT_CSV_HEADER.join(","));
      assert.equal(lines.length, 6, "another account's entry is not exported");
      assert.deepEqual(
        lines.slice(1).map((l) => l.split(",")[7]),
        ["t4", "t3", "t2", "t1", "t0"],
      );
      assert.ok(
        lines.every((l, i) => i === 0 || l.includes(`"'=HYPERLINK(""evil"")"`)),
        lines[1],
      );
      assert.ok(lines[1]?.includes(`"{""note"":""line \\""4\\"", with comma""}"`), lines[1]);
      assert.ok(lines[1]?.includes(",req_1,10.1.1.1,"));
    });

    test("filters apply; a capped export says it was cut", async () => {
      const db = await getDb();
      const tokens = await text(auditCsvStream(db, { accountId: account, actionPrefix: "token." }));
      assert.equal(tokens.trimEnd().split("\r\n").length, 3);
      const capped = (await text(auditCsvStream(db, { accountId: account, maxRows: 2 })))
        .trimEnd()
        .split("\r\n");
      assert.equal(capped.length, 4);
      assert.match(capped[3] ?? "", /^# truncated after 2 rows/);
      const none = await text(auditCsvStream(db, { accountId: account, actorKind: "human" }));
      assert.equal(none, `${AUDIT_CSV_HEADER.join(",")}\r\n`);
    });
  });
}
