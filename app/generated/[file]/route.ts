// GET /generated/{token}.png — an image rendered by the built-in provider (public, like a CDN link)
import { z } from "zod";
import { loadImage } from "@/lib/generation/images";
import { none } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { raw } from "@/lib/http/outputs/raw";
import { file } from "@/lib/http/replies";

const NOT_FOUND = file("Not found\n", { status: 404, contentType: "text/plain; charset=utf-8" });

export const GET = door(
  {
    auth: none(),
    params: z.object({ file: z.string() }),
    // Anything unexpected is left to Next's error page, as for any static file.
    output: raw({
      errors: (error) => {
        throw error;
      },
    }),
  },
  async ({ db, params }) => {
    const image = await loadImage(db, params.file);
    if (!image) return NOT_FOUND;
    return file(new Uint8Array(image.bytes), {
      contentType: image.contentType,
      headers: {
        "Content-Length": String(image.bytes.length),
        // The token names one immutable image.
        "Cache-Control": "public, max-age=31536000, immutable",
        ETag: `"${image.sha256}"`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
