/** Response schemas of /me (presenter: ../profile.ts) and /api-keys (../api-keys.ts). */
import { z } from "zod";
import { isoDate, nullableIso, usd } from "./common";

export const profileResponse = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  username: z.string().nullable(),
  verified: z.boolean(),
  email_verified_at: nullableIso,
  about_me: z.string().nullable(),
  about: z.string().nullable().describe("Alias of about_me (the official CLI's name)."),
  socials: z.record(z.string(), z.string().nullable()),
  preferences: z.object({
    nsfw_content: z.boolean(),
    wallet_notification_enabled: z.boolean(),
    wallet_notification_threshold: usd.nullable(),
    nsfw_enabled: z.boolean().describe("Alias of nsfw_content."),
    notifications_enabled: z.boolean().describe("Alias of wallet_notification_enabled."),
  }),
  created_at: isoDate,
  updated_at: isoDate,
  account: z.looseObject({ id: z.string() }).nullable(),
  acting_account: z
    .object({
      id: z.string(),
      kind: z.enum(["personal", "team"]),
      name: z.string(),
      username: z.string(),
      role: z.enum(["owner", "admin", "member", "viewer"]),
    })
    .nullable()
    .describe("The account this token acts for: wallet, billing, subscription and key routes work on it."),
  accounts: z
    .array(
      z.object({
        id: z.string(),
        username: z.string(),
        name: z.string(),
        kind: z.enum(["personal", "team"]),
        role: z.enum(["owner", "admin", "member", "viewer"]),
        personal: z.boolean(),
        team_member_id: z.number().nullable(),
      }),
    )
    .describe("Where POST /auth/switch-account can go (account_username or team_member_id)."),
  wallet_balance: usd,
  currency: z.string(),
});

export const apiKeyResponse = z.object({
  id: z.number(),
  name: z.string(),
  key: z.string().describe("Masked, except in the answer that created it."),
  notes: z.string().nullable(),
  is_default: z.boolean(),
  last_used_at: nullableIso,
  created_at: isoDate,
  updated_at: isoDate,
});

export const createdApiKeyResponse = apiKeyResponse.extend({ message: z.string() });

export const deletedApiKeyResponse = z.object({
  id: z.number(),
  deleted: z.literal(true),
  message: z.string(),
});
