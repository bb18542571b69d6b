// GET /dashboard/data/{resource} — the signed-in person's dashboard data as JSON (TanStack Query's source in the browser)

import { toFailure } from "@/lib/actions/result";
import { requireHuman } from "@/lib/actions/session";
import { getDb } from "@/lib/db/client";
import { ERROR_STATUS } from "@/lib/errors";
import type { Resource } from "@/lib/query/keys";
import { loaders } from "@/lib/query/loaders";

const NO_STORE = { "Cache-Control": "private, no-store" };

export async function GET(request: Request, { params }: { params: Promise<{ resource: string }> }) {
  const { resource } = await params;
  const loader = Object.hasOwn(loaders, resource) ? loaders[resource as Resource] : undefined;
  if (!loader) return Response.json({ code: "not_found", message: "No such data." }, { status: 404 });
  try {
    const human = await requireHuman();
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return Response.json(await loader(await getDb(), human, query), { headers: NO_STORE });
  } catch (error) {
    const failure = toFailure(error);
    const status = ERROR_STATUS[failure.code as keyof typeof ERROR_STATUS] ?? 500;
    return Response.json({ code: failure.code, message: failure.message }, { status, headers: NO_STORE });
  }
}
