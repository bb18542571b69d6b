// POST /api/v6/images/text2img — the seed's step 5: an image for a prompt, paid from the plan's quota or the wallet
import { fromText2Img, text2imgSchema } from "@/lib/generation/schemas";
import { startGeneration } from "@/lib/generation/start-generation";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";
import { presentStarted, startRefusal } from "@/lib/http/present/generation";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute(
    { keyFrom: "body", body: text2imgSchema, idempotent: true },
    async ({ db, body, caller, requestId, idempotencyRecordId }) =>
      presentStarted(
        await startGeneration(db, {
          accountId: caller.accountId,
          userId: caller.userId,
          apiKeyId: caller.apiKeyId,
          api: "v6",
          endpoint: "text2img",
          request: fromText2Img(body),
          requestId,
          idempotencyRecordId,
        }).catch(startRefusal),
      ),
  ),
});
