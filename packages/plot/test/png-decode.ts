import { inflateSync } from 'node:zlib';

/**
 * Decodes the 8-bit RGBA, non-interlaced PNGs resvg writes (enough to check rendered pixels).
 * Throws on anything else, so a format change fails loudly.
 */
export function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const [depth, colorType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || colorType !== 6 || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}`);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(height * stride);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)]!;
    const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? rgba[row * stride + i - 4]! : 0;
      const up = row > 0 ? rgba[(row - 1) * stride + i]! : 0;
      const upLeft = row > 0 && i >= 4 ? rgba[(row - 1) * stride + i - 4]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      rgba[row * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** "#rrggbb" of pixel (x, y). */
export function pixelHex(image: { width: number; rgba: Uint8Array }, x: number, y: number): string {
  const k = (y * image.width + x) * 4;
  return `#${[0, 1, 2].map((c) => image.rgba[k + c]!.toString(16).padStart(2, '0')).join('')}`;
}
