// POST /api/v7/images/text-to-image — an image for a prompt (key in a `key` header or the body), paid like v6
import { generateImage } from "@/lib/generation/api";
import { fromTextToImage, textToImageSchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute(
    { keyFrom: "body-or-header", body: textToImageSchema, idempotent: true },
    ({ db, body, caller, requestId, idempotencyRecordId }) =>
      generateImage(db, {
        caller,
        api: "v7",
        endpoint: "text-to-image",
        request: fromTextToImage(body),
        requestId,
        idempotencyRecordId,
      }),
  ),
});
