// POST /api/v7/images/fetch/{id} — a queued generation's result (key in a `key` header or the body)
import { fetchImage } from "@/lib/generation/api";
import { fetchBodySchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute({ keyFrom: "body-or-header", body: fetchBodySchema }, ({ db, caller, params }) =>
    fetchImage(db, { caller, id: params.id }),
  ),
});
