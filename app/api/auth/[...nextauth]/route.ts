// GET|POST /api/auth/* — Auth.js endpoints (session, csrf, sign-in callback, sign-out) for the dashboard
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
