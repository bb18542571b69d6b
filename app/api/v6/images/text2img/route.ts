// POST /api/v6/images/text2img — the seed's step 5: an image for a prompt, paid from the plan's quota or the wallet
import { generateImage } from "@/lib/generation/api";
import { fromText2Img, text2imgSchema } from "@/lib/generation/schemas";
import { generationMethods, generationRoute } from "@/lib/http/generation-route";

export const { GET, POST, PUT, PATCH, DELETE } = generationMethods({
  POST: generationRoute(
    { keyFrom: "body", body: text2imgSchema, idempotent: true },
    ({ db, body, caller, requestId, idempotencyRecordId }) =>
      generateImage(db, {
        caller,
        api: "v6",
        endpoint: "text2img",
        request: fromText2Img(body),
        requestId,
        idempotencyRecordId,
      }),
  ),
});
