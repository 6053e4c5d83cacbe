import { PlotInputError, PlotRuntimeError } from './errors.js';

export interface PngOptions {
  /** Output width in px; the height follows the SVG's aspect ratio. Default: the SVG's own width. */
  width?: number;
  /** Background colour (CSS). Default: white. */
  background?: string;
}

interface ResvgModule {
  Resvg: new (
    svg: string,
    options?: { fitTo?: { mode: 'width'; value: number } | { mode: 'original' }; background?: string; font?: Record<string, unknown> },
  ) => { render(): { asPng(): Uint8Array } };
}

let resvgPromise: Promise<ResvgModule> | undefined;

async function loadResvg(): Promise<ResvgModule> {
  // Lazy so the package installs and imports without the native renderer.
  resvgPromise ??= import('@resvg/resvg-js')
    .then((mod) => {
      const m = mod as unknown as ResvgModule & { default?: ResvgModule };
      return m.Resvg ? m : (m.default as ResvgModule);
    })
    .catch((cause: unknown) => {
      resvgPromise = undefined;
      throw new PlotRuntimeError(
        'toPng needs the optional peer dependency @resvg/resvg-js: install it with `npm install @resvg/resvg-js`',
        { cause },
      );
    });
  return resvgPromise;
}

/** Renders an SVG string (from this package's plots) to PNG bytes. Node only. */
export async function toPng(svg: string, o: PngOptions = {}): Promise<Uint8Array> {
  if (o.width !== undefined && (!Number.isInteger(o.width) || o.width < 1)) {
    throw new PlotInputError(`png width must be a positive integer, got ${o.width}`);
  }
  const { Resvg } = await loadResvg();
  const resvg = new Resvg(svg, {
    fitTo: o.width !== undefined ? { mode: 'width', value: o.width } : { mode: 'original' },
    background: o.background ?? '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
