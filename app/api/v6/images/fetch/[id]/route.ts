// POST /api/v6/images/fetch/{id} — a queued generation's result (key in the body)
import { fetchImage } from "@/lib/generation/api";
import { fetchBodySchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute({ keyFrom: "body", body: fetchBodySchema }, ({ db, caller, params }) =>
    fetchImage(db, { caller, id: params.id }),
  ),
});
