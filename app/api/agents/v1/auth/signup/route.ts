// POST /api/agents/v1/auth/signup — create an account and email a verification code (201, same answer for taken emails)

import { signupBody } from "@/lib/auth/schemas";
import { agentRoute, reply } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { presentSignup } from "@/lib/http/present/auth";
import { signupResponse } from "@/lib/http/present/schemas/auth";
import { signup } from "@/lib/sign-in/signup";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: false,
      limiter: "auth",
      ipLimiters: ["authIp", "signup"],
      body: signupBody,
      response: { 201: signupResponse },
      errors: ["server_busy"],
    },
    async ({ db, body }) => reply(presentSignup(await signup(db, body)), 201),
  ),
});
