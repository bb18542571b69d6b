// GET /generated/{token}.png — an image rendered by the built-in provider (public, like a CDN link)
import { getDb } from "@/lib/db/client";
import { loadImage } from "@/lib/generation/images";

export async function GET(
  _request: Request,
  context: { params: Promise<{ file: string }> },
): Promise<Response> {
  const { file } = await context.params;
  const image = await loadImage(await getDb(), file);
  if (!image) {
    return new Response("Not found\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.bytes.length),
      // The token names one immutable image.
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${image.sha256}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
