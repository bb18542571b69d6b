/** Request bodies of the password flows outside /auth (PATCH /me/password, the settings page). */
import { z } from "zod";
import { booleanField } from "@/lib/accounts/schemas";
import { confirmationIssue, confirmationMatches, newPasswordField, passwordField } from "@/lib/auth/schemas";

export const changePasswordBody = z
  .object({
    current_password: passwordField,
    password: newPasswordField,
    password_confirmation: z.string({ error: "is required" }),
    revoke_other_tokens: booleanField.optional(),
  })
  .refine(confirmationMatches, confirmationIssue);
