import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { inflateSync } from "node:zlib";
import { crc32, encodePng, PNG_SIGNATURE } from "./png";
import { derivedSeed, renderPixels, renderPng } from "./render";
import { sizeForAspectRatio } from "./schemas";

/** Reads a PNG back chunk by chunk, checking every CRC, and undoes the Sub filter. */
function decode(png: Buffer) {
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), "PNG signature");
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    assert.equal(png.readUInt32BE(at + 8 + length), crc32(type, data), `CRC of ${type}`);
    chunks.push({ type: type.toString("latin1"), data });
    at += 12 + length;
  }
  assert.deepEqual([chunks[0]?.type, chunks.at(-1)?.type], ["IHDR", "IEND"]);
  const header = chunks[0]?.data ?? Buffer.alloc(13);
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  assert.deepEqual([...header.subarray(8)], [8, 2, 0, 0, 0], "8-bit truecolour, no interlace");
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const stride = width * 3;
  const rgb = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (stride + 1)], 1, "Sub filter");
    for (let x = 0; x < stride; x++) {
      const left = x >= 3 ? (rgb[y * stride + x - 3] as number) : 0;
      rgb[y * stride + x] = ((raw[y * (stride + 1) + 1 + x] as number) + left) & 0xff;
    }
  }
  return {
    width,
    height,
    rgb,
    text: chunks.filter((c) => c.type === "tEXt").map((c) => c.data.toString("latin1")),
  };
}

test("crc32 matches the reference value", () => {
  assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
  assert.equal(crc32(Buffer.from("IEND")), 0xae426082);
});

test("encodePng writes a valid PNG whose pixels decode back exactly", () => {
  const rgb = new Uint8Array(5 * 3 * 3).map((_, i) => (i * 37) % 256);
  const decoded = decode(encodePng(5, 3, rgb, { Software: "test" }));
  assert.deepEqual([decoded.width, decoded.height], [5, 3]);
  assert.deepEqual([...decoded.rgb], [...rgb]);
  assert.deepEqual(decoded.text, ["Software\0test"]);
  assert.throws(() => encodePng(2, 2, new Uint8Array(3)), /expected 12 bytes/);
});

test("rendering is deterministic per model, prompt, size and seed, and differs otherwise", () => {
  const input = {
    modelId: "flux",
    prompt: "A futuristic cityscape at sunset",
    width: 256,
    height: 192,
    seed: 7,
  };
  const a = renderPng(input).png;
  assert.ok(a.equals(renderPng(input).png), "same inputs, same bytes");
  for (const change of [{ prompt: "A quiet harbour" }, { seed: 8 }, { modelId: "sdxl" }]) {
    assert.ok(!a.equals(renderPng({ ...input, ...change }).png), JSON.stringify(change));
  }
  const decoded = decode(a);
  assert.deepEqual([decoded.width, decoded.height], [256, 192]);
  assert.deepEqual([...decoded.rgb], [...renderPixels(input).rgb]);
  // A picture, not a flat fill.
  assert.ok(new Set(decoded.rgb).size > 50);
});

test("the renderer caps the long side at 1024 and keeps the shape", () => {
  const big = renderPixels({ modelId: "flux", prompt: "x", width: 2048, height: 1024, seed: 1 });
  assert.deepEqual([big.width, big.height], [1024, 512]);
});

test("a derived seed is stable for the prompt and model", () => {
  assert.equal(derivedSeed("flux", "a"), derivedSeed("flux", "a"));
  assert.notEqual(derivedSeed("flux", "a"), derivedSeed("flux", "b"));
  assert.ok(derivedSeed("flux", "a") <= 4_294_967_295);
});

test("aspect ratios map to a 1024 long side and a multiple of 8", () => {
  assert.deepEqual(sizeForAspectRatio("1:1"), { width: 1024, height: 1024 });
  assert.deepEqual(sizeForAspectRatio("16:9"), { width: 1024, height: 576 });
  assert.deepEqual(sizeForAspectRatio("9:16"), { width: 576, height: 1024 });
  assert.deepEqual(sizeForAspectRatio("1920:1080"), { width: 1024, height: 576 });
  assert.deepEqual(sizeForAspectRatio("4:3"), { width: 1024, height: 768 });
  assert.deepEqual(sizeForAspectRatio("1:4"), { width: 256, height: 1024 });
});
