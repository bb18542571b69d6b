/** Request bodies of the /auth routes, with the aliases the reference lists (`expiry` for `token_expiry`). */
import { z } from "zod";
import { displayNameField } from "@/lib/accounts/schemas";
import { PASSWORD_MAX, PASSWORD_MIN } from "./passwords";
import { isScope } from "./scopes";
import { DEFAULT_TOKEN_EXPIRY, TOKEN_EXPIRIES } from "./token-expiry";

export const emailField = z
  .string({ error: "is required" })
  .trim()
  .toLowerCase()
  .max(254, { error: "must be at most 254 characters" })
  .pipe(z.email({ error: "must be a valid email address" }));

/** A password being set: 8–256 characters, no composition rules (DESIGN §5). */
export const newPasswordField = z
  .string({ error: "is required" })
  .min(PASSWORD_MIN, { error: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { error: `must be at most ${PASSWORD_MAX} characters` });

/** A password being checked: anything that could have been set. */
export const passwordField = z
  .string({ error: "is required" })
  .min(1, { error: "is required" })
  .max(PASSWORD_MAX, { error: `must be at most ${PASSWORD_MAX} characters` });

const expiryField = z.enum(TOKEN_EXPIRIES, { error: `must be one of ${TOKEN_EXPIRIES.join(", ")}` });
const deviceNameField = z.string().trim().min(1, { error: "must not be empty" }).max(100);

/** `token_expiry` (alias `expiry`) and `device_name`, as every token-issuing route takes them. */
export const tokenOptions = {
  token_expiry: expiryField.optional(),
  expiry: expiryField.optional(),
  device_name: deviceNameField.optional(),
};

export const withTokenOptions = <
  T extends { token_expiry?: unknown; expiry?: unknown; device_name?: unknown },
>(
  v: T,
) => {
  const { token_expiry, expiry, device_name, ...rest } = v;
  return {
    ...rest,
    tokenExpiry: (token_expiry ?? expiry ?? DEFAULT_TOKEN_EXPIRY) as (typeof TOKEN_EXPIRIES)[number],
    deviceName: device_name as string | undefined,
  };
};

/** Sent when given; must then equal `password`. */
export const confirmationMatches = (v: { password: string; password_confirmation?: string | undefined }) =>
  v.password_confirmation === undefined || v.password_confirmation === v.password;
export const confirmationIssue = { path: ["password_confirmation"], error: "does not match password" };

export const signupBody = z
  .object({
    email: emailField,
    password: newPasswordField,
    password_confirmation: z.string().optional(),
    name: displayNameField.optional(),
  })
  .refine(confirmationMatches, confirmationIssue);

export const verifyEmailBody = z
  .object({
    verification_code: z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(200),
    email: emailField.optional(),
    ...tokenOptions,
  })
  .transform(withTokenOptions);

export const scopesField = z
  .union([z.array(z.string()), z.string()], { error: "must be an array of scope names" })
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean))
  .check((ctx) => {
    if (ctx.value.length === 0) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: "must name at least one scope" });
    }
    for (const scope of ctx.value) {
      if (!isScope(scope)) {
        ctx.issues.push({
          code: "custom",
          input: ctx.value,
          message: `unknown scope "${scope.slice(0, 50)}" (GET /auth/scopes lists them)`,
        });
      }
    }
  });

export const loginBody = z
  .object({
    email: emailField,
    password: passwordField,
    scopes: scopesField.optional(),
    ...tokenOptions,
  })
  .transform(withTokenOptions);

export const refreshBody = z.object(tokenOptions).transform(withTokenOptions);

/** POST /verify/{code}: the code is in the path; a JSON caller may pick the token's options. */
export const verifyLinkBody = z.object(tokenOptions).transform(withTokenOptions);

export const emailOnlyBody = z.object({ email: emailField });

export const resetPasswordBody = z
  .object({
    email: emailField,
    token: z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(200),
    password: newPasswordField,
    password_confirmation: z.string({ error: "is required" }),
    revoke_api_keys: z.boolean({ error: "must be true or false" }).optional(),
  })
  .refine(confirmationMatches, confirmationIssue);
