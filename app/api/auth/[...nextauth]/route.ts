// GET|POST /api/auth/* — Auth.js endpoints (session, csrf, sign-in callback, sign-out) for the dashboard
import { handlers } from "@/lib/actions/dashboard-auth";

export const { GET, POST } = handlers;
