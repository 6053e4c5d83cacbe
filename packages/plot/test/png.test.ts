import { describe, expect, it } from 'vitest';
import { confusionMatrixPlot, decisionBoundaryPlot, heatmapColor, scatterPlot } from '../src/index.js';
import { toPng } from '../src/png.js';
import { blobs, overGrid, sigmoid, unitGrid } from './fixtures.js';
import { decodePng, pixelHex } from './png-decode.js';
import { byClass, parseSvg } from './svg-tree.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('toPng', () => {
  const data = blobs([[0, 0], [2, 2]], 10, 9);

  it('renders a PNG at the SVG size by default', async () => {
    const png = await toPng(scatterPlot(data));
    expect(png).toBeInstanceOf(Uint8Array);
    expect([...png.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(ihdr(png)).toEqual({ width: 640, height: 500 });
  });

  it('scales to the requested width, keeping the aspect ratio', async () => {
    const grid = unitGrid(11);
    const svg = decisionBoundaryPlot(data, grid, overGrid(grid, 1, (x) => [sigmoid(x)]));
    expect(ihdr(await toPng(svg, { width: 1400 }))).toEqual({ width: 1400, height: 1040 });
  });

  it('paints what the SVG says: white background, each heatmap cell in its fill colour', async () => {
    const svg = confusionMatrixPlot([[5, 1], [2, 4]]);
    const image = decodePng(await toPng(svg));
    expect(pixelHex(image, 2, 2)).toBe('#ffffff');
    const cells = byClass(parseSvg(svg), 'cells')[0]!.children.filter((n) => n.name === 'rect');
    expect(cells.map((c) => c.attrs.fill)).toEqual([5, 1, 2, 4].map((v) => heatmapColor(v / 5)));
    for (const cell of cells) {
      // A few px inside the corner: away from the anti-aliased edge and the centred count.
      const x = Math.round(Number(cell.attrs.x) + 6);
      const y = Math.round(Number(cell.attrs.y) + 6);
      expect(pixelHex(image, x, y)).toBe(cell.attrs.fill);
    }
  });

  it('rejects a bad width', async () => {
    await expect(toPng(scatterPlot(data), { width: 0 })).rejects.toThrow('png width must be a positive integer, got 0');
  });
});
