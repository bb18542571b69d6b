/**
 * A minimal PNG encoder (8-bit truecolour, no alpha) on node:zlib, so the built-in provider needs
 * no native image library. Same pixels in, same bytes out.
 */
import { deflateSync } from "node:zlib";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(...parts: Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++)
      crc = (CRC_TABLE[(crc ^ (part[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const name = Buffer.from(type, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(name, data));
  return Buffer.concat([length, name, data, crc]);
}

/** `rgb` holds width × height × 3 bytes, row by row. */
export function encodePng(
  width: number,
  height: number,
  rgb: Uint8Array | Uint8ClampedArray,
  text: Record<string, string> = {},
): Buffer {
  if (rgb.length !== width * height * 3)
    throw new Error(`expected ${width * height * 3} bytes, got ${rgb.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // bytes 10–12: deflate, adaptive filtering, no interlace — all zero
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter "Sub" (1): smooth gradients become runs of small deltas, which deflate well (level 4
    // is ~4x faster than 6 on these pictures for ~25% more bytes).
    const out = y * (stride + 1);
    raw[out] = 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= 3 ? (rgb[row + x - 3] as number) : 0;
      raw[out + 1 + x] = ((rgb[row + x] as number) - left) & 0xff;
    }
  }
  const textChunks = Object.entries(text).map(([k, v]) =>
    chunk("tEXt", Buffer.concat([Buffer.from(k, "latin1"), Buffer.from([0]), Buffer.from(v, "latin1")])),
  );
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", header),
    ...textChunks,
    chunk("IDAT", deflateSync(raw, { level: 4 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
