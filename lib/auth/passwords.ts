/**
 * Passwords: argon2id with OWASP's minimum (19 MiB, t=2, p=1). Input is NFKC-normalised so the
 * same password typed on two keyboards verifies, and never truncated. Policy (DESIGN §5): 8 to 256
 * characters, no composition rules. Every hash and verify passes one process-wide gate
 * (hashing-gate.ts): beyond its concurrency and queue they fail with 503 server_busy.
 */
import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { env } from "@/lib/env";
import { createGate, type Gate } from "./hashing-gate";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

// `Algorithm` is an ambient const enum, which isolatedModules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

const normalize = (password: string) => password.normalize("NFKC");

// On globalThis: Next may load this module once per bundle layer, and the bound is per process.
const gateKey = Symbol.for("onramp.passwordHashingGate");
const g = globalThis as typeof globalThis & { [gateKey]?: Gate };

function gate(): Gate {
  g[gateKey] ??= createGate(env().passwordHashing);
  return g[gateKey];
}

/** Tests change PASSWORD_HASH_*; this drops the gate built from the old values. */
export function resetPasswordHashingGate(): void {
  g[gateKey] = undefined;
}

/** Jobs running and waiting at the gate now. */
export const passwordHashingLoad = () => gate().load();

export function hashPassword(password: string): Promise<string> {
  return gate().run(() => hash(normalize(password), PARAMS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return gate().run(async () => {
    try {
      return await verify(passwordHash, normalize(password));
    } catch {
      // A corrupt stored hash must read as a wrong password, not a 500.
      return false;
    }
  });
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real check, for callers whose user does not exist, so response times
 * do not reveal which emails have accounts.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  // Outside the gate: made once per process, and a cached server_busy refusal would break every
  // later unknown-email sign-in.
  dummy ??= hash("onramp-dummy-password-for-timing", PARAMS);
  await verifyPassword(await dummy, password);
  return false;
}

/** True when the stored hash was made with weaker parameters than today's: rehash at next login. */
export function needsRehash(passwordHash: string): boolean {
  const m = PHC.exec(passwordHash);
  if (!m) return true;
  return (
    Number(m[1]) < PARAMS.memoryCost || Number(m[2]) < PARAMS.timeCost || Number(m[3]) !== PARAMS.parallelism
  );
}
