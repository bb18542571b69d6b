import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { ensurePrivateDir } from "../private-files";

/**
 * PGlite has no multi-process safety: a second process on the same folder silently loses writes.
 * An exclusive lock file (O_EXCL) beside the folder turns that into a clear startup error. A lock
 * left by a dead process is taken over.
 */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireDirLock(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  ensurePrivateDir(path.dirname(lockFile));
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(lockFile, "utf8").trim() === String(process.pid)) unlinkSync(lockFile);
        } catch {}
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(lockFile, "utf8").trim());
      } catch {}
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new DataDirLockedError(
          `The database folder ${dir} is in use by another Onramp process (pid ${holder}). ` +
            "PGlite allows one process per folder: stop that process, or set ONRAMP_DATA_DIR (or DATABASE_URL) for this one.",
        );
      }
      try {
        unlinkSync(lockFile); // stale: its owner is gone
      } catch {}
    }
  }
  throw new DataDirLockedError(`Could not lock the database folder ${dir}`);
}
