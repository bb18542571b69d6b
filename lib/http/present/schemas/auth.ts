/** Response schemas of the /auth routes (presenters: ../auth.ts). */
import { z } from "zod";
import { TOKEN_EXPIRIES } from "@/lib/auth/token-expiry";
import { isoDate, nullableIso } from "./common";

export const userSummary = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  username: z.string().nullable(),
  verified: z.boolean(),
});

export const issuedToken = {
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  token_expiry: z.enum(TOKEN_EXPIRIES),
  expires_at: nullableIso,
  scopes: z.array(z.string()),
};

export const signInResponse = z.object({
  ...issuedToken,
  user: userSummary,
  api_key: z
    .string()
    .nullable()
    .describe(
      "In full, once: the default key this call created, or (login with device_name) that device's key.",
    ),
});

export const verifyResponse = signInResponse.extend({
  message: z.string(),
  password_reset_required: z.literal(true).optional(),
});

export const signupResponse = z.object({
  user: z.object({ name: z.string(), email: z.string(), verified: z.literal(false) }),
  message: z.string(),
});

export const messageResponse = z.object({ message: z.string() });

export const accessTokenRow = z.object({
  id: z.number(),
  name: z.string(),
  scopes: z.array(z.string()),
  token_expiry: z.string(),
  expires_at: nullableIso,
  last_used_at: nullableIso,
  created_at: isoDate,
  account_id: z.string(),
  is_current: z.boolean(),
});

export const refreshResponse = z.object({ message: z.string(), ...issuedToken });

export const revokedTokensResponse = z.object({ message: z.string(), revoked_tokens: z.number().int() });

export const revokedTokenResponse = z.object({
  id: z.number(),
  revoked: z.literal(true),
  message: z.string(),
});

export const scopesResponse = z.object({
  scopes: z.array(z.object({ name: z.string(), description: z.string() })),
  scopes_supported: z.array(z.string()),
  default: z.literal("*"),
});

export const passwordResetResponse = z.object({
  message: z.string(),
  revoked_tokens: z.number().int(),
  revoked_api_keys: z.number().int(),
});
