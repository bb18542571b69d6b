// POST /api/agents/v1/auth/forgot-password — email a reset token (same answer whether or not the address has an account)

import { emailOnlyBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentForgotPassword } from "@/lib/http/present/auth";
import { messageResponse } from "@/lib/http/present/schemas/auth";
import { forgotPassword } from "@/lib/sign-in/forgot-password";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: false, limiter: "auth", body: emailOnlyBody, response: messageResponse },
    async ({ db, body }) => presentForgotPassword(await forgotPassword(db, body)),
  ),
});
