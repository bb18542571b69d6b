// POST /api/v6/images/fetch — ModelsLab's older form of fetch: {key, request_id} in the body
import { fetchGeneration } from "@/lib/generation/fetch-generation";
import { fetchByRequestIdSchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";
import { presentGeneration } from "@/lib/http/present/generation";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute({ keyFrom: "body", body: fetchByRequestIdSchema }, async ({ db, caller, body }) =>
    presentGeneration(await fetchGeneration(db, { accountId: caller.accountId, id: body.request_id ?? "" })),
  ),
});
