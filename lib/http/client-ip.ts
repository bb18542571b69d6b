/**
 * The client's IP, for rate limits and the loopback-only /dev pages.
 *
 * scripts/start.mjs serves Next from its own HTTP server and stamps every request with the TCP peer
 * in `x-onramp-peer`, overwriting whatever the client sent. That header is only worth something if
 * our server set it: under `next start`, or any other server in front of Next, a client can send it
 * itself. So start.mjs also stamps `x-onramp-peer-secret` with a random value it makes at start and
 * hands to this process as ONRAMP_PEER_SECRET; the peer header counts only next to that exact value.
 * A client cannot guess 256 random bits, and the value changes at every start. Without a matching
 * secret the peer header is ignored and the `X-Forwarded-For` logic below decides.
 *
 * `X-Forwarded-For` entries count only behind the configured number of trusted proxies, so a client
 * cannot reset its own limit by inventing the header.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const PEER_HEADER = "x-onramp-peer";
export const PEER_SECRET_HEADER = "x-onramp-peer-secret";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** The TCP peer that scripts/start.mjs stamped, or null when the header is absent or not its own. */
export function trustedPeer(headers: Headers, secret: string | undefined = env().peerSecret): string | null {
  const peer = headers.get(PEER_HEADER)?.trim();
  if (!peer || !secret) return null;
  const given = headers.get(PEER_SECRET_HEADER) ?? "";
  // Compared as digests: equal length, constant time.
  return timingSafeEqual(digest(given), digest(secret)) ? peer : null;
}

export function clientIp(
  headers: Headers,
  trustedProxies: number,
  secret: string | undefined = env().peerSecret,
): string {
  const peer = trustedPeer(headers, secret);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!peer) {
    // Without our server in front (e.g. `next dev`), Next fills x-forwarded-for with the peer
    // when the client did not send one; the last entry is the closest hop.
    return forwarded.at(-1) ?? "unknown";
  }
  if (trustedProxies === 0) return peer;
  // The chain is client, proxy1, …, proxyN, then the peer (the last proxy). Walk back N hops.
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
}

/** 127.0.0.0/8 and ::1, also in the IPv4-mapped form a dual-stack socket reports. */
export function isLoopbackAddress(ip: string): boolean {
  const address = ip.trim().replace(/^::ffff:/i, "");
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
