// Child process for lib/db/lock.test.ts: tries to lock the folder given as argv[2].
import { acquireDirLock } from "../../lib/db/lock.ts";

acquireDirLock(process.argv[2] ?? "");
console.log("locked");
