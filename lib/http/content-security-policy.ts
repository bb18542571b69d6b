/**
 * The Content-Security-Policy of the dashboard and sign-in pages (reliability PCI-06): scripts only
 * from this origin with the request's nonce, plus Stripe.js from Stripe — or, in local mode, the
 * emulator's stand-in from the emulator's origin; Stripe's frames and API likewise; no other third
 * party. `script-src` deliberately has no 'strict-dynamic', which would make browsers ignore the
 * origin list and trust any script a trusted one injects.
 */

export interface CspInput {
  nonce: string;
  /** The emulator's origin in local mode; null with real Stripe. */
  emulatorOrigin: string | null;
  /** `next dev` needs eval (React's debugging) and a websocket (hot reload). */
  development: boolean;
  reportUri: string;
}

export const REAL_STRIPE = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
};

export function stripeOrigins(emulatorOrigin: string | null) {
  if (!emulatorOrigin) return REAL_STRIPE;
  return { script: [emulatorOrigin], frame: [emulatorOrigin], connect: [emulatorOrigin] };
}

export function contentSecurityPolicy(input: CspInput): string {
  const stripe = stripeOrigins(input.emulatorOrigin);
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      `'nonce-${input.nonce}'`,
      ...stripe.script,
      ...(input.development ? ["'unsafe-eval'"] : []),
    ],
    // Inline style attributes (React's `style`, Stripe's iframe sizing) carry no nonce.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...stripe.connect, ...(input.development ? ["ws:", "wss:"] : [])],
    "frame-src": stripe.frame,
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "report-uri": [input.reportUri],
    "report-to": ["csp-endpoint"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** 128 random bits, base64: unguessable per response. */
export function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
