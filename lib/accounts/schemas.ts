/**
 * Request bodies of the /me routes. Both the documented names and the official CLI's are accepted
 * (`about`, `nsfw_enabled`, `notifications_enabled`); answers carry both.
 */
import { z } from "zod";
import { nearestCents } from "@/lib/money";
import { USERNAME_PATTERN } from "./usernames";

/**
 * A person's or agent's display name. Control characters are refused: names are printed into
 * emails, where a newline could forge a line such as "Verification code: …".
 */
export const displayNameField = z
  .string()
  .trim()
  .max(100, { error: "must be at most 100 characters" })
  .refine((v) => !/\p{Cc}/u.test(v), { error: "must not contain control characters" });

/** JSON booleans, and the strings a form-encoded body or a shell script would send. */
export const booleanField = z.union(
  [z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")],
  { error: "must be true or false" },
);

/** US dollars with at most 2 decimals, as a number or a numeric string; converted to cents. */
export const usdToMinorField = z
  .union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?$/, { error: "must be a number" })
        .transform(Number),
    ],
    {
      error: "must be a number",
    },
  )
  .pipe(
    z
      .number()
      .min(0, { error: "must not be negative" })
      .max(1_000_000, { error: "must be at most 1000000" })
      .refine((v) => nearestCents(v) !== null, {
        error: "must have at most 2 decimals",
      }),
  )
  .transform((v) => nearestCents(v) ?? 0);

const aboutField = z.string().trim().max(1000, { error: "must be at most 1000 characters" }).nullable();

export const updateProfileBody = z
  .object({
    name: displayNameField.refine((v) => v.length > 0, { error: "must not be empty" }).optional(),
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(USERNAME_PATTERN, {
        error:
          "must be 3–30 characters: lowercase letters, digits and underscores, starting with a letter or digit",
      })
      .optional(),
    about_me: aboutField.optional(),
    about: aboutField.optional(),
  })
  .transform(({ about_me, about, ...rest }) => ({
    ...rest,
    aboutMe: about_me !== undefined ? about_me : about,
  }));

export const updatePreferencesBody = z
  .object({
    nsfw_content: booleanField.optional(),
    nsfw_enabled: booleanField.optional(),
    wallet_notification_enabled: booleanField.optional(),
    notifications_enabled: booleanField.optional(),
    wallet_notification_threshold: usdToMinorField.nullable().optional(),
  })
  .transform((v) => ({
    nsfwContent: v.nsfw_content ?? v.nsfw_enabled,
    walletNotificationEnabled: v.wallet_notification_enabled ?? v.notifications_enabled,
    walletNotificationThresholdMinor: v.wallet_notification_threshold,
  }));

const urlField = z
  .string()
  .trim()
  .max(255, { error: "must be at most 255 characters" })
  .refine((v) => v === "" || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), {
    error: "must be an http(s) URL",
  })
  .transform((v) => v || null)
  .nullable();

export const SOCIAL_FIELDS = ["facebook", "github", "twitter", "instagram", "discord", "website"] as const;

/** Absent: unchanged; null or "": cleared. `discord` is a handle, the others are URLs. */
export const updateSocialsBody = z.object({
  facebook: urlField.optional(),
  github: urlField.optional(),
  twitter: urlField.optional(),
  instagram: urlField.optional(),
  website: urlField.optional(),
  discord: z
    .string()
    .trim()
    .max(100, { error: "must be at most 100 characters" })
    .transform((v) => v || null)
    .nullable()
    .optional(),
});
