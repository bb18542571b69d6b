// POST /api/v7/images/text-to-image — an image for a prompt (key in a `key` header or the body), paid like v6
import { fromTextToImage, textToImageSchema } from "@/lib/generation/schemas";
import { startGeneration } from "@/lib/generation/start-generation";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";
import { presentStarted, startRefusal } from "@/lib/http/present/generation";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute(
    { keyFrom: "body-or-header", body: textToImageSchema, idempotent: true },
    async ({ db, body, caller, requestId, idempotencyRecordId }) =>
      presentStarted(
        await startGeneration(db, {
          accountId: caller.accountId,
          userId: caller.userId,
          apiKeyId: caller.apiKeyId,
          api: "v7",
          endpoint: "text-to-image",
          request: fromTextToImage(body),
          requestId,
          idempotencyRecordId,
        }).catch(startRefusal),
      ),
  ),
});
