// POST /api/v6/images/fetch/{id} — a queued generation's result (key in the body)
import { fetchGeneration } from "@/lib/generation/fetch-generation";
import { fetchBodySchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";
import { presentGeneration } from "@/lib/http/present/generation";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute({ keyFrom: "body", body: fetchBodySchema }, async ({ db, caller, params }) =>
    presentGeneration(await fetchGeneration(db, { accountId: caller.accountId, id: params.id ?? "" })),
  ),
});
