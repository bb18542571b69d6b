/**
 * API keys: any `sk_test_…`/`rk_test_…` (secret) or `pk_test_…` (publishable) works. Keys come
 * as Bearer, as HTTP Basic username (`curl -u sk_test_…:`), or — publishable keys only, the way
 * Stripe.js sends them — as a `key` parameter.
 */
import type { IncomingHttpHeaders } from "node:http";
import { StripeError } from "./errors";

export interface AuthInfo {
  kind: "secret" | "publishable";
  key: string;
}

const SECRET = /^(sk|rk)_test_[A-Za-z0-9_]+$/;
const PUBLISHABLE = /^pk_test_[A-Za-z0-9_]+$/;

function mask(key: string): string {
  const parts = key.split("_");
  const prefix = parts.length >= 3 ? `${parts[0]}_${parts[1]}_` : "";
  return `${prefix}****${key.slice(-4)}`;
}

function unauthorized(message: string): StripeError {
  return new StripeError({ status: 401, type: "invalid_request_error", message });
}

export function keyFromRequest(
  headers: IncomingHttpHeaders,
  keyParam: string | undefined,
): string | undefined {
  const header = headers.authorization;
  if (header) {
    const [scheme, value = ""] = header.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() === "bearer") return value;
    if (scheme?.toLowerCase() === "basic") {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return colon < 0 ? decoded : decoded.slice(0, colon);
    }
    return value || scheme;
  }
  return keyParam;
}

export function authenticate(headers: IncomingHttpHeaders, keyParam: string | undefined): AuthInfo {
  const viaParam = !headers.authorization && keyParam !== undefined;
  const key = keyFromRequest(headers, keyParam);
  if (!key) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (PUBLISHABLE.test(key)) return { kind: "publishable", key };
  if (SECRET.test(key) && !viaParam) return { kind: "secret", key };
  throw unauthorized(`Invalid API Key provided: ${mask(key)}`);
}

export function secretKeyRequired(): StripeError {
  return new StripeError({
    status: 401,
    type: "invalid_request_error",
    code: "secret_key_required",
    message:
      "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
  });
}
