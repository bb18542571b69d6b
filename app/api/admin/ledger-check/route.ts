// POST /api/admin/ledger-check — the ledger invariants (`npm run check:ledger` on PGlite); loopback + admin token.

import { requireAdmin } from "@/lib/http/admin-access";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";
import { checkLedger } from "@/lib/ops/ledger-check";

export const dynamic = "force-dynamic";

export const POST = door({ auth: none(), read: "none", output: envelope() }, async ({ db, request }) => {
  requireAdmin(request.headers);
  return checkLedger(db);
});
