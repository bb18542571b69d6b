/**
 * Who may open /dev/* (the local mailbox shows every verification code and reset link; the Stripe
 * demo spends the account's test mode): only in local mode, and only a client on this machine.
 * The client is decided by lib/http/client-ip.ts, so behind TRUSTED_PROXIES a proxy on loopback
 * does not open the pages to the clients it forwards, and without Onramp's own server in front
 * (no stamped peer) nobody is known to be local, so nobody gets in.
 *
 * Everyone else gets the same 404 as in production (rather than a 403): the pages do not exist for them.
 */
import { env } from "@/lib/env";
import { clientIp, isLoopbackAddress, trustedPeer } from "./client-ip";

export function devPagesOpenTo(headers: Headers): boolean {
  const config = env();
  if (!config.localMode) return false;
  if (!trustedPeer(headers, config.peerSecret)) return false;
  return isLoopbackAddress(clientIp(headers, config.trustedProxies, config.peerSecret));
}
