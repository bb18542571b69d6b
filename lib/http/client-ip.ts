/**
 * The client's IP for rate limiting. scripts/start.mjs stamps the TCP peer into `x-onramp-peer`
 * (overwriting anything a client sends). `X-Forwarded-For` entries count only behind the configured
 * number of trusted proxies, so a client cannot reset its own limit by inventing the header.
 */
export const PEER_HEADER = "x-onramp-peer";

export function clientIp(headers: Headers, trustedProxies: number): string {
  const peer = headers.get(PEER_HEADER)?.trim();
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
