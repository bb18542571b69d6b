// POST /api/v6/images/fetch — ModelsLab's older form of fetch: {key, request_id} in the body
import { fetchImage } from "@/lib/generation/api";
import { fetchByRequestIdSchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute({ keyFrom: "body", body: fetchByRequestIdSchema }, ({ db, caller, body }) =>
    fetchImage(db, { caller, id: body.request_id }),
  ),
});
