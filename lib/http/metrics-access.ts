/**
 * Who may read /metrics: a client on this machine (as decided for the /dev pages, but in every
 * mode), or anyone presenting `Authorization: Bearer <METRICS_TOKEN>`. Without a token configured
 * the endpoint exists for loopback only; everyone else gets the same 404 as an unknown path.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { clientIp, isLoopbackAddress, trustedPeer } from "./client-ip";

const digest = (value: string) => createHash("sha256").update(value).digest();

export type MetricsAccess = "open" | "unauthorized" | "hidden";

export function metricsAccess(headers: Headers): MetricsAccess {
  const config = env();
  const local =
    trustedPeer(headers, config.peerSecret) !== null &&
    isLoopbackAddress(clientIp(headers, config.trustedProxies, config.peerSecret));
  if (local) return "open";
  if (!config.metricsToken) return "hidden";
  const given = headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(config.metricsToken)) ? "open" : "unauthorized";
}
