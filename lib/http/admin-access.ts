/**
 * The operator routes under /api/admin: a client on this machine (the peer stamped by
 * scripts/start.mjs, not a forwarded address) presenting the admin token of lib/ops/admin-token.ts.
 * Anyone else gets a 404, as for a path that does not exist.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { adminToken } from "@/lib/ops/admin-token";
import { clientIp, isLoopbackAddress, trustedPeer } from "./client-ip";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireAdmin(headers: Headers): void {
  const config = env();
  const local =
    trustedPeer(headers, config.peerSecret) !== null &&
    isLoopbackAddress(clientIp(headers, config.trustedProxies, config.peerSecret));
  const given = headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? "";
  if (!local || !timingSafeEqual(digest(given), digest(adminToken()))) {
    throw new AppError("route_not_found", "Not found.");
  }
}
