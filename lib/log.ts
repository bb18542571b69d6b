/**
 * Structured logs (one JSON line each). Redaction covers credentials by path and, as a last line
 * of defence, any string value that looks like a card number or a bearer secret.
 */
import pino from "pino";
import { env } from "@/lib/env";
import { containsPan } from "@/lib/http/card-guard";

const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "password",
  "*.password",
  "token",
  "*.token",
  "access_token",
  "*.access_token",
  "api_key",
  "*.api_key",
  "key",
  "*.key",
  "secret",
  "*.secret",
  "client_secret",
  "*.client_secret",
];

const SECRET_LIKE = /\b(sk|rk)_(live|test)_\w+|\bwhsec_\w+|\bBearer\s+\S+/g;

export function scrub(value: string): string {
  const masked = value.replace(SECRET_LIKE, "[REDACTED]");
  return containsPan(masked) ? "[REDACTED: card-like data]" : masked;
}

let logger: pino.Logger | undefined;

/** A logger with Onramp's redaction; `destination` lets tests read what would be written. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((a) => (typeof a === "string" ? scrub(a) : a)) as typeof args;
        method.apply(this, cleaned);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export function log(): pino.Logger {
  logger ??= createLogger(env().logLevel);
  return logger;
}
