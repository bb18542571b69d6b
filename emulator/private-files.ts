/**
 * The emulator's saved state holds customers, cards and webhook payloads: its folder is 0700 and
 * its file 0600, whatever the umask. The emulator is a program of its own and imports nothing of
 * the app, so it keeps its own copy of this (the app's is lib/private-files.ts).
 */
import { chmodSync, mkdirSync, statSync } from "node:fs";

const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only; makes an existing `dir` owner-only too. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    if ((statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
  } catch {
    // Not ours to change (or gone): the operator's choice stands.
  }
}
