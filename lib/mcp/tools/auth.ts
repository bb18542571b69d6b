/** `agent-auth`: sign up, verify, log in and out, reset a password (/auth/*). */
import { revokeAccessToken, revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { emailOnlyBody, loginBody, resetPasswordBody, signupBody, verifyEmailBody } from "@/lib/auth/schemas";
import {
  presentForgotPassword,
  presentPasswordReset,
  presentResendVerification,
  presentSignIn,
  presentSignup,
  verifiedMessage,
} from "@/lib/http/present/auth";
import { reply } from "@/lib/http/replies";
import { forgotPassword } from "@/lib/sign-in/forgot-password";
import { login } from "@/lib/sign-in/login";
import { resendVerification } from "@/lib/sign-in/resend-verification";
import { resetPassword } from "@/lib/sign-in/reset-password";
import { signup } from "@/lib/sign-in/signup";
import { verifyEmail } from "@/lib/sign-in/verify-email";
import { action, type McpTool } from "../action";
import { MCP_DEVICE_NAME } from "../fields";

export const authTool: McpTool = {
  name: "agent-auth",
  title: "Account sign-up and sign-in",
  description:
    "Create an account, verify its email with the emailed code (returns access_token and api_key), log in, log out, reset a password. signup, verify, login, forgot-password, reset-password and resend-verification need no token.",
  actions: {
    signup: action({
      http: "POST /auth/signup",
      description: "Create an account; a verification code is emailed (email, password, name).",
      auth: false,
      limiter: "auth",
      ipLimiters: ["authIp", "signup"],
      input: signupBody,
      run: async ({ db, input }) => reply(presentSignup(await signup(db, input)), 201),
    }),
    verify: action({
      http: "POST /auth/verify-email",
      description:
        "Verify the email with the emailed verification_code → access_token and the default api_key.",
      auth: false,
      limiter: "auth",
      input: verifyEmailBody,
      run: async ({ db, input }) => {
        const { user, token, apiKey, passwordCleared } = await verifyEmail(db, {
          code: input.verification_code,
          email: input.email,
          issueCredentials: true,
          tokenExpiry: input.tokenExpiry,
          deviceName: input.deviceName ?? MCP_DEVICE_NAME,
        });
        return {
          message: verifiedMessage(passwordCleared),
          ...presentSignIn({ user, token: token!, apiKey }),
          ...(passwordCleared ? { password_reset_required: true } : {}),
        };
      },
    }),
    login: action({
      http: "POST /auth/login",
      description:
        "Log in with email and password → access_token (device_name, token_expiry, scopes optional).",
      auth: false,
      limiter: "auth",
      ipLimiters: ["authIp"],
      input: loginBody,
      run: async ({ db, input }) =>
        presentSignIn(
          await login(db, {
            email: input.email,
            password: input.password,
            expiry: input.tokenExpiry,
            deviceName: input.deviceName ?? MCP_DEVICE_NAME,
            scopes: input.scopes,
          }),
        ),
    }),
    logout: action({
      http: "POST /auth/logout",
      description: "Revoke the token this call is made with.",
      auth: true,
      limiter: "general",
      run: async ({ db, principal }) => {
        await revokeAccessToken(db, { userId: principal.userId, tokenId: Number(principal.tokenId) });
        return { message: "Logged out. This token no longer works.", revoked_tokens: 1 };
      },
    }),
    "logout-all": action({
      http: "POST /auth/logout-all",
      description: "Revoke every access token of the user, this one included.",
      auth: true,
      limiter: "general",
      scope: "tokens:write",
      run: async ({ db, principal }) => {
        const revoked = await revokeUserTokens(db, { userId: principal.userId });
        return { message: "Logged out everywhere. Every access token was revoked.", revoked_tokens: revoked };
      },
    }),
    "forgot-password": action({
      http: "POST /auth/forgot-password",
      description: "Email a password-reset token (same answer whether or not the address has an account).",
      auth: false,
      limiter: "auth",
      input: emailOnlyBody,
      run: async ({ db, input }) => presentForgotPassword(await forgotPassword(db, input)),
    }),
    "reset-password": action({
      http: "POST /auth/reset-password",
      description:
        "Set a new password with the emailed token (email, token, password, password_confirmation).",
      auth: false,
      limiter: "auth",
      ipLimiters: ["authIp"],
      input: resetPasswordBody,
      run: async ({ db, input }) =>
        presentPasswordReset(await resetPassword(db, { ...input, revokeApiKeys: input.revoke_api_keys })),
    }),
    "resend-verification": action({
      http: "POST /auth/resend-verification",
      description: "Email a new verification code.",
      auth: false,
      limiter: "auth",
      input: emailOnlyBody,
      run: async ({ db, input }) => presentResendVerification(await resendVerification(db, input)),
    }),
  },
};
