// POST /api/admin/reconcile — one reconciler pass (`npm run reconcile` on PGlite); loopback + admin token.

import { requireAdmin } from "@/lib/http/admin-access";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";
import { reconcile } from "@/lib/stripe-events/reconcile";

export const dynamic = "force-dynamic";

export const POST = door({ auth: none(), read: "none", output: envelope() }, async ({ db, request }) => {
  requireAdmin(request.headers);
  return reconcile(db);
});
