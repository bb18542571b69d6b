import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import * as signupRoute from "@/app/api/agents/v1/auth/signup/route";
import { bearer, mailbox, send, uniqueEmail } from "@/app/api/agents/v1/auth/test-support";
import * as verifyRoute from "@/app/api/agents/v1/auth/verify-email/route";
import * as meRoute from "@/app/api/agents/v1/me/route";
import { getDb } from "@/lib/db/client";
import { outboxEmails } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { useFreshDatabase } from "@/tests/helpers/database";
import { flushMail } from "../../../lib/mail/send-mail";
import { closeSmtpTransports } from "../../../lib/mail/smtp-transport";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** Undoes quoted-printable soft breaks and escapes, enough to read the plain-text lines. */
const decodeQp = (raw: string) =>
  raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

async function waitFor<T>(probe: () => T | undefined, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the SMTP server");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("email over real SMTP (SMTP_URL set)", () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let cleanup: () => Promise<void>;

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as AddressInfo;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    process.env.MAIL_FROM = "Onramp Test <robot@onramp.test>";
    resetEnvCache();
    cleanup = await useFreshDatabase("pglite");
  });

  after(async () => {
    await flushMail();
    closeSmtpTransports();
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    resetEnvCache();
    await cleanup();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("the seed's steps 1–2 with the code read from the SMTP server", async () => {
    const email = uniqueEmail("smtp");
    const signup = await send(signupRoute.POST, "/api/agents/v1/auth/signup", {
      method: "POST",
      body: { email, password: "secret123", name: "Agent Runner" },
    });
    assert.equal(signup.status, 201);

    const message = await waitFor(() => received.find((m) => m.to.includes(email)));
    assert.equal(message.from, "robot@onramp.test");
    const raw = decodeQp(message.raw);
    assert.match(raw, /^Subject: Verify your email for Onramp/m);
    assert.match(raw, /multipart\/alternative/);
    assert.match(raw, /text\/plain/);
    assert.match(raw, /text\/html/);
    const code = /^Verification code: (vc_[a-z2-7]{26})\r?$/m.exec(raw)?.[1];
    assert.ok(code, "the text part carries the code line");
    assert.ok(raw.includes(`/verify/${code}`));

    const verified = await send(verifyRoute.POST, "/api/agents/v1/auth/verify-email", {
      method: "POST",
      body: { verification_code: code },
    });
    assert.equal(verified.status, 200);
    assert.match(verified.json.data.api_key, /^onr_ak_/);
    const me = await send(meRoute.GET, "/api/agents/v1/me", {
      headers: bearer(verified.json.data.access_token),
    });
    assert.equal(me.json.data.email, email);

    // Over SMTP only the envelope is kept: no code lingers in the database, the local mailbox stays empty.
    await flushMail();
    const db = await getDb();
    const [row] = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, email));
    assert.equal(row?.transport, "smtp");
    assert.equal(row?.text, null);
    assert.equal(row?.html, null);
    assert.ok(row?.sentAt);
    assert.equal((await mailbox(email)).length, 0);
  });

  test("a mail server that is down fails neither the signup nor anything else; the outbox records the error", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    resetEnvCache();
    try {
      const email = uniqueEmail("down");
      const res = await send(signupRoute.POST, "/api/agents/v1/auth/signup", {
        method: "POST",
        body: { email, password: "secret123" },
      });
      assert.equal(res.status, 201);
      await flushMail();
      const db = await getDb();
      const [row] = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, email));
      assert.equal(row?.sentAt, null);
      assert.ok(row?.error);
    } finally {
      process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
      resetEnvCache();
    }
  });
});
