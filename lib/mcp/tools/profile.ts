/** `agent-profile`: the profile, password, social links and preferences (/me*). */
import { updatePreferencesBody, updateProfileBody, updateSocialsBody } from "@/lib/accounts/schemas";
import { updatePreferences } from "@/lib/accounts/update-preferences";
import { updateProfile } from "@/lib/accounts/update-profile";
import { updateSocials } from "@/lib/accounts/update-socials";
import { presentPasswordChanged } from "@/lib/http/present/auth";
import { presentProfile } from "@/lib/http/present/profile";
import { getProfile } from "@/lib/profile/profile";
import { changePassword } from "@/lib/sign-in/change-password";
import { changePasswordBody } from "@/lib/sign-in/schemas";
import { action, type McpTool } from "../action";

export const profileTool: McpTool = {
  name: "agent-profile",
  title: "Profile",
  description:
    "Read the profile (with preferences and the wallet summary) and update it, the password, social links or preferences.",
  actions: {
    get: action({
      http: "GET /me",
      description: "The profile, preferences and wallet summary.",
      auth: true,
      limiter: "general",
      scope: "profile:read",
      run: async ({ db, principal }) => presentProfile(await getProfile(db, principal)),
    }),
    update: action({
      http: "PATCH /me",
      description: "Update name, username or about_me.",
      auth: true,
      limiter: "general",
      scope: "profile:write",
      input: updateProfileBody,
      run: async ({ db, principal, input }) => {
        await updateProfile(db, { userId: principal.userId, ...input });
        return presentProfile(await getProfile(db, principal));
      },
    }),
    "update-password": action({
      http: "PATCH /me/password",
      description: "Change the password (current_password, password, password_confirmation).",
      auth: true,
      limiter: "general",
      ipLimiters: ["authIp"],
      scope: "profile:write",
      input: changePasswordBody,
      run: async ({ db, principal, input }) =>
        presentPasswordChanged(
          await changePassword(db, {
            userId: principal.userId,
            currentTokenId: Number(principal.tokenId),
            currentPassword: input.current_password,
            password: input.password,
            revokeOtherTokens: input.revoke_other_tokens ?? false,
          }),
        ),
    }),
    "update-socials": action({
      http: "PATCH /me/socials",
      description: "Social links (null or an empty string removes one).",
      auth: true,
      limiter: "general",
      scope: "profile:write",
      input: updateSocialsBody,
      run: async ({ db, principal, input }) => {
        await updateSocials(db, { userId: principal.userId, socials: input });
        return presentProfile(await getProfile(db, principal));
      },
    }),
    "update-preferences": action({
      http: "PATCH /me/preferences",
      description: "nsfw_content, wallet_notification_enabled, wallet_notification_threshold (USD).",
      auth: true,
      limiter: "general",
      scope: "profile:write",
      input: updatePreferencesBody,
      run: async ({ db, principal, input }) => {
        await updatePreferences(db, { userId: principal.userId, ...input });
        return presentProfile(await getProfile(db, principal));
      },
    }),
  },
};
