/**
 * Import first in every test file: gives the file its own data folder and an in-memory PGlite, and
 * keeps the machine's PostgreSQL and Redis URLs aside for the suites that opt in to them.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const MACHINE_DATABASE_URL = process.env.ONRAMP_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
export const MACHINE_REDIS_URL = process.env.ONRAMP_TEST_REDIS_URL ?? process.env.REDIS_URL;

process.env.ONRAMP_TEST_DATABASE_URL = MACHINE_DATABASE_URL ?? "";
process.env.ONRAMP_TEST_REDIS_URL = MACHINE_REDIS_URL ?? "";
process.env.ONRAMP_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "onramp-unit-"));
process.env.PGLITE_DIR = "memory://";
process.env.LOG_LEVEL ??= "silent";
process.env.APP_URL = "http://127.0.0.1:3999";
// As scripts/start.mjs does for its server: tests/helpers/http.ts stamps it next to the peer address.
process.env.ONRAMP_PEER_SECRET = randomBytes(32).toString("base64url");
// The anti-enumeration floor (150 ms a signup) would only slow hundreds of signups here; its
// effect is measured by scripts/bench/enumeration.mjs and its mechanism tested on its own.
process.env.AUTH_RESPONSE_FLOOR_MS ??= "0";
// Suites sign up many users from few addresses; the per-IP signup (5 an hour) and password-route
// (60 a minute) limits are proven with their defaults in app/api/agents/v1/auth/ip-limits.test.ts.
process.env.RATE_LIMIT_SIGNUP_PER_HOUR ??= "1000000";
process.env.RATE_LIMIT_AUTH_IP_PER_MINUTE ??= "1000000";
delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;
delete process.env.STRIPE_SECRET_KEY;
delete process.env.STRIPE_PUBLISHABLE_KEY;
delete process.env.SMTP_URL;
