/**
 * The built-in provider: renders the picture locally and answers at once, so the five-call flow
 * works offline. Rendering is deterministic and storage idempotent, so polling a generation that a
 * crash left `processing` simply renders it again and lands on the same result.
 */
import type { Db } from "@/lib/db/client";
import type { Generation } from "@/lib/db/schema/generation";
import { storeImages } from "../images";
import { renderPng } from "../render";
import type { Provider, ProviderOutcome } from "./types";

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function render(db: Db, generation: Generation): Promise<ProviderOutcome> {
  const images = [];
  for (let i = 0; i < generation.samples; i++) {
    // Rendering is synchronous CPU work: let other requests through between images.
    if (i > 0) await yieldToEventLoop();
    images.push(
      renderPng({
        modelId: generation.modelId,
        prompt: generation.prompt,
        width: generation.width,
        height: generation.height,
        // Each further image of one request takes the next seed, as samples do on ModelsLab.
        seed: (generation.seed + i) % 4_294_967_296,
      }),
    );
  }
  return { kind: "success", output: await storeImages(db, generation.id, images) };
}

export const builtinProvider: Provider = {
  name: "builtin",
  submit: render,
  poll: render,
};
