// GET /dashboard/data/{resource} — the signed-in person's dashboard data as JSON (TanStack Query's source in the browser)
import { z } from "zod";
import { toFailure } from "@/lib/actions/result";
import { signedIn } from "@/lib/actions/session";
import { ERROR_STATUS } from "@/lib/errors";
import { door } from "@/lib/http/door";
import { raw } from "@/lib/http/outputs/raw";
import { bareJson } from "@/lib/http/replies";
import type { Resource } from "@/lib/query/keys";
import { loaders } from "@/lib/query/loaders";

const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = door(
  {
    auth: signedIn,
    params: z.object({ resource: z.string() }),
    output: raw({
      // The dashboard's own shape: `{code, message}` worded for people, as its actions answer.
      errors: (error) => {
        const failure = toFailure(error);
        const status = ERROR_STATUS[failure.code as keyof typeof ERROR_STATUS] ?? 500;
        return bareJson({ code: failure.code, message: failure.message }, status, NO_STORE);
      },
    }),
  },
  async ({ db, caller, params, request }) => {
    const resource = params.resource;
    const loader = Object.hasOwn(loaders, resource) ? loaders[resource as Resource] : undefined;
    if (!loader) return bareJson({ code: "not_found", message: "No such data." }, 404);
    const query = Object.fromEntries(request.url.searchParams);
    return bareJson(await loader(db, caller, query), 200, NO_STORE);
  },
);
