// POST /api/agents/v1/auth/resend-verification — email a new code (same answer whether or not the address has an account)

import { emailOnlyBody } from "@/lib/auth/schemas";
import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentResendVerification } from "@/lib/http/present/auth";
import { messageResponse } from "@/lib/http/present/schemas/auth";
import { resendVerification } from "@/lib/sign-in/resend-verification";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    { auth: false, limiter: "auth", body: emailOnlyBody, response: messageResponse },
    async ({ db, body }) => presentResendVerification(await resendVerification(db, body)),
  ),
});
