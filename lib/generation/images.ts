/**
 * Rendered images live in the database (so any app instance can serve them) under an unguessable
 * token, and are served publicly at /generated/{token}.png like a CDN link. Storing is idempotent
 * per (generation, index): a second render of the same generation keeps the first one's tokens.
 */
import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type GeneratedImage, generatedImages } from "@/lib/db/schema/generation";
import { env } from "@/lib/env";

export interface RenderedImage {
  width: number;
  height: number;
  png: Buffer;
}

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export const imageUrl = (token: string) => `${env().appUrl}/generated/${token}.png`;

export async function storeImages(
  db: DbOrTx,
  generationId: number,
  images: RenderedImage[],
): Promise<string[]> {
  if (images.length === 0) return [];
  // One statement: a conflicting row is "updated" to itself only so that RETURNING gives its token.
  const rows = await db
    .insert(generatedImages)
    .values(
      images.map((image, idx) => ({
        token: randomBytes(16).toString("base64url"),
        generationId,
        idx,
        width: image.width,
        height: image.height,
        sha256: createHash("sha256").update(image.png).digest("hex"),
        bytes: image.png,
      })),
    )
    .onConflictDoUpdate({
      target: [generatedImages.generationId, generatedImages.idx],
      set: { token: sql`${generatedImages.token}` },
    })
    .returning({ token: generatedImages.token, idx: generatedImages.idx });
  return rows.sort((a, b) => a.idx - b.idx).map((r) => imageUrl(r.token));
}

/** The image named `{token}.png`, or null (also for names that cannot be tokens). */
export async function loadImage(db: DbOrTx, fileName: string): Promise<GeneratedImage | null> {
  const token = fileName.endsWith(".png") ? fileName.slice(0, -4) : fileName;
  if (!TOKEN.test(token)) return null;
  const [row] = await db.select().from(generatedImages).where(eq(generatedImages.token, token));
  return row ?? null;
}
