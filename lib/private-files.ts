/**
 * The data directory holds the generated AUTH_SECRET and webhook secret, the PGlite database (every
 * account, token hash and the local mailbox) and the emulator's state: nobody but the owner may read
 * it. Folders are 0700 and files 0600, whatever the umask; an existing folder or file that is more
 * open is tightened (it is Onramp's own), and a failure to tighten one we do not own is not fatal.
 */
import { chmodSync, mkdirSync, statSync } from "node:fs";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function tighten(target: string, mode: number): void {
  try {
    if ((statSync(target).mode & 0o777) !== mode) chmodSync(target, mode);
  } catch {
    // Not ours to change (or gone): the operator's choice stands.
  }
}

/** Creates `dir` (and missing parents) owner-only; makes an existing `dir` owner-only too. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

export function tightenFile(file: string): void {
  tighten(file, PRIVATE_FILE_MODE);
}
