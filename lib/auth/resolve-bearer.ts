/**
 * Turns a bearer token into a Principal, or null when it is unknown, expired or revoked.
 * The accounts domain fills this in; until then no token authenticates.
 */
import type { Db } from "@/lib/db/client";
import type { Principal } from "./principal";

export async function resolveBearerToken(_db: Db, _token: string): Promise<Principal | null> {
  return null;
}
