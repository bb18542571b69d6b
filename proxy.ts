/**
 * Runs before the dashboard and sign-in pages render:
 * - a per-request nonce and the strict Content-Security-Policy (lib/http/content-security-policy.ts);
 *   Next reads the nonce from the request's CSP header and puts it on its own scripts;
 * - a coarse gate: a signed-out visitor of /dashboard/** goes to /login?next=…. Coarse because it
 *   only checks the JWT's signature and expiry; every page, action and route handler checks the
 *   session against the database again (lib/actions/session.ts);
 * - /dev/** exists only in local mode and for clients on this machine (lib/http/dev-access.ts; each
 *   /dev handler checks again, so a new one is closed even if this gate were skipped);
 * - the human payment pages (/checkout/**, /pay/**) are rate-limited per client IP: they need no
 *   account and each load reads Stripe, whose rate limit is the whole account's.
 */
import { randomBytes } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { contentSecurityPolicy, makeNonce } from "@/lib/http/content-security-policy";
import { devPagesOpenTo } from "@/lib/http/dev-access";
import { errorBody, jsonResponse } from "@/lib/http/envelope";
import { checkPageRateLimit, rateLimitHeaders } from "@/lib/http/rate-limit";

export const CSP_REPORT_PATH = "/dashboard/csp-report";

/** Paths that answer fetches, not navigations: their handlers answer 401 themselves. */
const SELF_GUARDED = [/^\/dashboard\/data\//, /\.csv$/, new RegExp(`^${CSP_REPORT_PATH}$`)];

async function signedIn(request: NextRequest, secret: string): Promise<boolean> {
  const secureCookie = request.cookies
    .getAll()
    .some((c) => c.name.startsWith("__Secure-authjs.session-token"));
  const token = await getToken({ req: request, secret, secureCookie });
  return Boolean(token?.sid);
}

const HUMAN_PAYMENT_PAGES = /^\/(checkout|pay)(\/|$)/;

const requestId = () => `req_${randomBytes(12).toString("base64url")}`;

async function limitPaymentPage(request: NextRequest): Promise<Response> {
  const outcome = await checkPageRateLimit(clientIp(request.headers, env().trustedProxies));
  const headers = rateLimitHeaders(outcome);
  if (!outcome.allowed) {
    const message = `Too many page loads from your network. Wait ${outcome.retryAfterSec} seconds, then reload.`;
    return new Response(message, {
      status: 429,
      headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function proxy(request: NextRequest): Promise<Response> {
  const config = env();
  const { pathname, search } = request.nextUrl;

  if (pathname === "/dev" || pathname.startsWith("/dev/")) {
    if (devPagesOpenTo(request.headers)) return NextResponse.next();
    const id = requestId();
    return jsonResponse(404, errorBody("route_not_found", `No route matches ${pathname}.`, undefined, id), {
      "X-Request-Id": id,
    });
  }
  if (HUMAN_PAYMENT_PAGES.test(pathname)) return limitPaymentPage(request);
  const isDashboard = pathname === "/dashboard" || pathname.startsWith("/dashboard/");

  if (isDashboard && request.method === "GET" && !SELF_GUARDED.some((p) => p.test(pathname))) {
    if (!(await signedIn(request, config.authSecret))) {
      const login = new URL("/login", request.url);
      login.searchParams.set("next", `${pathname}${search}`);
      return NextResponse.redirect(login);
    }
  }

  const nonce = makeNonce();
  const policy = contentSecurityPolicy({
    nonce,
    emulatorOrigin: config.stripe.apiBase ? config.stripe.apiBase.origin : null,
    development: config.nodeEnv === "development",
    reportUri: CSP_REPORT_PATH,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-onramp-path", `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  // A URL-reference, resolved against the page: the host name the browser used, whatever it was.
  response.headers.set("Reporting-Endpoints", `csp-endpoint="${CSP_REPORT_PATH}"`);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "same-origin");
  // Signed-in pages show balances and keys: never cache them in shared caches.
  if (isDashboard) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export const config = {
  matcher: [
    "/dashboard",
    "/dashboard/:path*",
    "/login",
    "/signup",
    "/forgot-password",
    "/reset-password",
    "/invite/:path*",
    "/dev/:path*",
    "/checkout/:path*",
    "/pay/:path*",
    "/docs/:path*",
  ],
};
