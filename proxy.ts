/**
 * Runs before the dashboard and sign-in pages render:
 * - a per-request nonce and the strict Content-Security-Policy (lib/dashboard/content-security-policy.ts);
 *   Next reads the nonce from the request's CSP header and puts it on its own scripts;
 * - a coarse gate: a signed-out visitor of /dashboard/** goes to /login?next=…. Coarse because it
 *   only checks the JWT's signature and expiry; every page, action and route handler checks the
 *   session against the database again (lib/actions/session.ts).
 */
import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { contentSecurityPolicy, makeNonce } from "@/lib/dashboard/content-security-policy";
import { env } from "@/lib/env";

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

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const config = env();
  const { pathname, search } = request.nextUrl;
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
  matcher: ["/dashboard", "/dashboard/:path*", "/login", "/signup", "/forgot-password", "/reset-password"],
};
