/**
 * The bearer token of the loopback-only admin routes (/api/admin/*) that operator commands call
 * when the server holds the embedded database. Derived from AUTH_SECRET, which a command run from
 * the same installation reads from the same place (the variable or the data folder's `secret`
 * file), so nothing new is stored; loopback alone is not enough, as any local user could call it.
 */
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

export function adminToken(): string {
  return createHmac("sha256", env().authSecret).update("onramp-admin-routes-v1").digest("base64url");
}
