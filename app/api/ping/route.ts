// GET /api/ping — the cheapest possible answer: the baseline the benchmarks compare every route to.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true });
}
