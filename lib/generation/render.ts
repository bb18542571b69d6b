/**
 * The built-in provider's "model": an abstract picture drawn from a hash of the model, prompt and
 * seed — a two-colour gradient with soft discs over it. Cheap (tens of milliseconds at 1024×1024),
 * deterministic (same inputs, same PNG bytes) and different for every prompt.
 */
import { createHash } from "node:crypto";
import { encodePng } from "./png";

/** The renderer's ceiling; the request schemas already stop at 1024. */
export const MAX_RENDER_SIDE = 1024;

type Rgb = [number, number, number];

function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** A seed derived from the request when the caller sends none, so the output is still reproducible. */
export function derivedSeed(modelId: string, prompt: string): number {
  return createHash("sha256").update(`${modelId}\n${prompt}`).digest().readUInt32BE(0);
}

export interface RenderInput {
  modelId: string;
  prompt: string;
  width: number;
  height: number;
  seed: number;
}

export function renderPixels(input: RenderInput): { width: number; height: number; rgb: Uint8ClampedArray } {
  const scale = Math.min(1, MAX_RENDER_SIDE / Math.max(input.width, input.height));
  const width = Math.max(1, Math.round(input.width * scale));
  const height = Math.max(1, Math.round(input.height * scale));
  const hash = createHash("sha256").update(`${input.modelId}\n${input.prompt}\n${input.seed}`).digest();
  const byte = (i: number) => (hash[i % hash.length] as number) / 255;

  const hue = byte(0);
  const palette: Rgb[] = [
    hslToRgb(hue, 0.55 + 0.35 * byte(1), 0.18 + 0.2 * byte(2)),
    hslToRgb((hue + 0.25 + 0.25 * byte(3)) % 1, 0.6 + 0.3 * byte(4), 0.5 + 0.25 * byte(5)),
    hslToRgb((hue + 0.5 + 0.2 * byte(6)) % 1, 0.7, 0.6 + 0.2 * byte(7)),
    hslToRgb((hue + 0.1) % 1, 0.8, 0.75),
  ];
  const rgb = new Uint8ClampedArray(width * height * 3);
  const side = Math.max(width, height);

  // Base: a linear gradient between the first two colours at an angle taken from the hash.
  const angle = byte(8) * Math.PI * 2;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const [a, b] = palette as [Rgb, Rgb];
  const span = (Math.abs(dx) * width + Math.abs(dy) * height) / side || 1;
  const offset = (Math.min(0, dx) * width + Math.min(0, dy) * height) / side;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = ((x * dx + y * dy) / side - offset) / span;
      const i = (y * width + x) * 3;
      rgb[i] = a[0] + (b[0] - a[0]) * t;
      rgb[i + 1] = a[1] + (b[1] - a[1]) * t;
      rgb[i + 2] = a[2] + (b[2] - a[2]) * t;
    }
  }

  // Soft discs, each composited over its own bounding box only.
  const discs = 3 + ((hash[9] as number) % 4);
  for (let n = 0; n < discs; n++) {
    const cx = byte(10 + n * 3) * width;
    const cy = byte(11 + n * 3) * height;
    const r = (0.08 + 0.3 * byte(12 + n * 3)) * side;
    const colour = palette[(n % 3) + 1] as Rgb;
    const strength = 0.45 + 0.4 * byte(24 + n);
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(width - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(height - 1, Math.ceil(cy + r));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / (r * r);
        if (d2 >= 1) continue;
        const alpha = strength * (1 - d2) ** 2;
        const i = (y * width + x) * 3;
        rgb[i] = (rgb[i] as number) + (colour[0] - (rgb[i] as number)) * alpha;
        rgb[i + 1] = (rgb[i + 1] as number) + (colour[1] - (rgb[i + 1] as number)) * alpha;
        rgb[i + 2] = (rgb[i + 2] as number) + (colour[2] - (rgb[i + 2] as number)) * alpha;
      }
    }
  }
  return { width, height, rgb };
}

export function renderPng(input: RenderInput): { width: number; height: number; png: Buffer } {
  const { width, height, rgb } = renderPixels(input);
  return { width, height, png: encodePng(width, height, rgb, { Software: "Onramp built-in provider" }) };
}
