/**
 * The live decision-boundary view: two stacked canvases.
 *
 * - The field (`data-testid=boundary`): the model's outputs over the grid, interpolated to 3× the
 *   grid (216 × 216 for 72 × 72) and painted straight into ImageData (palette.ts), or a hovered
 *   unit's output. It is small on purpose: each repaint hands the compositor a 216² texture, and
 *   the compositor scales it to the element's size.
 * - The overlay (full resolution, transparent, no pointer events): axes, the data points (batched
 *   by class) and the misclassification crosses; redrawn only when the data, the size or the marks
 *   change, never per training update. The axes are labelled at all four ends (xMin, xMax along
 *   the bottom, yMin, yMax up the left side) in numbers readable at any scale (numbers.ts).
 */
import { isRegression, type AnyDataset, type Grid } from '@mlpkit/datasets';
import { targetColor, type TargetScale } from '@mlpkit/plot';
import { canvasTransform } from '@mlpkit/plot/canvas';
import { formatAxisValue } from './numbers.js';
import { classColor, paintHeat, paintOutputs, type HeatScale } from './palette.js';

/** Largest backing-store side of the overlay, so a huge screen cannot make redraws expensive. */
const MAX_SIDE = 1400;
/** The outputs are interpolated to 3× the grid before the compositor scales them up. */
const UPSAMPLE = 3;
/** Opacity of the outputs over white (lighter than the SVG plots, so the points stay readable). */
const FIELD_ALPHA = 0.72;
const FOCUS_ALPHA = 0.9;

/** Colour bins of a regression target's points. */
const TARGET_BINS = 24;

/** Values → their place on the target scale, 0..1 (0.5: the centre), as plot's targetColor places them. */
export function scaleTargets(values: Float32Array, scale: TargetScale): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const t = 0.5 + (values[i]! - scale.center) / (2 * scale.spread);
    out[i] = t < 0 ? 0 : t > 1 ? 1 : Number.isFinite(t) ? t : 0.5;
  }
  return out;
}

/** Blends RGBA pixels towards white: c → 255 + (c − 255)·alpha. */
function overWhite(data: Uint8ClampedArray, alpha: number): void {
  for (let i = 0; i < data.length; i += 4) {
    data[i] = 255 + (data[i]! - 255) * alpha;
    data[i + 1] = 255 + (data[i + 1]! - 255) * alpha;
    data[i + 2] = 255 + (data[i + 2]! - 255) * alpha;
  }
}

export class BoundaryView {
  private readonly field: CanvasRenderingContext2D;
  private readonly overlay: CanvasRenderingContext2D;
  private readonly focusCells = document.createElement('canvas');
  private readonly trainLayer = document.createElement('canvas');
  private readonly testLayer = document.createElement('canvas');
  private size = 0;
  private grid: Grid | null = null;
  private train: AnyDataset | null = null;
  private test: AnyDataset | null = null;
  /**
   * Regression: the target's colour scale (plot's targetColor: low red, centre white, high blue),
   * for the points and the predicted surface; null for classes.
   */
  private target: TargetScale | null = null;
  private probs: { values: Float32Array; width: number } | null = null;
  private focus: { values: Float32Array; nx: number; ny: number; scale?: HeatScale } | null = null;
  /** Points the trained model gets wrong, x/y pairs, marked with a cross. */
  private mistakes: Float32Array | null = null;
  /** The mistakes are held-out (validation/test) points: hidden with them when "Show test data" is off. */
  private mistakesHeldOut = false;
  private axisNames: [string, string] = ['x0', 'x1'];
  /** What the axes say (ends and names), for tests and assistive text. */
  axisLabels: { x: [string, string]; y: [string, string]; names: [string, string] } | null = null;
  private showTest = true;
  private discretize = false;
  private image: ImageData | null = null;

  constructor(
    private readonly fieldCanvas: HTMLCanvasElement,
    private readonly overlayCanvas: HTMLCanvasElement,
  ) {
    const field = fieldCanvas.getContext('2d');
    const overlay = overlayCanvas.getContext('2d');
    if (!field || !overlay) throw new Error('this browser cannot draw on a 2-D canvas');
    this.field = field;
    this.overlay = overlay;
  }

  /** The data (train filled, evaluation rows as rings) and its grid; forgets any boundary. */
  setData(grid: Grid, train: AnyDataset, test: AnyDataset | null, names?: readonly string[], target: TargetScale | null = null): void {
    this.grid = grid;
    this.target = target;
    this.axisNames = [names?.[0] ?? 'x0', names?.[1] ?? 'x1'];
    this.train = train;
    this.test = test;
    this.probs = null;
    this.focus = null;
    this.mistakes = null;
    const w = grid.nx * UPSAMPLE;
    const h = grid.ny * UPSAMPLE;
    if (this.fieldCanvas.width !== w || this.fieldCanvas.height !== h) {
      this.fieldCanvas.width = w;
      this.fieldCanvas.height = h;
    }
    this.image = new ImageData(w, h);
    this.size = 0;
    this.resize();
    this.renderField();
  }

  /** Call when the view's CSS size may have changed: re-measures, redraws the overlay. */
  resize(): void {
    const css = this.overlayCanvas.clientWidth;
    const size = Math.min(MAX_SIDE, Math.round((css || 440) * (window.devicePixelRatio || 1)));
    if (size === this.size && this.trainLayer.width === size) return;
    this.size = size;
    this.overlayCanvas.width = size;
    this.overlayCanvas.height = size;
    this.drawPoints();
    this.renderOverlay();
  }

  /** Model outputs over the grid: n × width (width 1: P(class 1); K: class probabilities). */
  setProbabilities(values: Float32Array, width: number, render = true): void {
    this.probs = { values, width };
    if (render && !this.focus) this.renderField();
  }

  clearProbabilities(): void {
    this.probs = null;
    this.mistakes = null;
    this.renderField();
    this.renderOverlay();
  }

  /** Shows one neuron's output over the heat grid instead of the model's; null goes back. */
  setFocus(focus: { values: Float32Array; nx: number; ny: number; scale?: HeatScale } | null): void {
    const marks = (this.focus === null) !== (focus === null);
    this.focus = focus;
    this.renderField();
    // The crosses belong to the model's output, not to a unit's.
    if (marks && this.mistakes) this.renderOverlay();
  }

  get focused(): boolean {
    return this.focus !== null;
  }

  setView(o: { showTest: boolean; discretize: boolean }): void {
    if (o.showTest === this.showTest && o.discretize === this.discretize) return;
    const field = o.discretize !== this.discretize;
    this.showTest = o.showTest;
    this.discretize = o.discretize;
    if (field) this.renderField();
    this.renderOverlay();
  }

  /**
   * Marks these points (x/y pairs) as misclassified; null clears the marks. `heldOut`: they are
   * validation/test points, so their crosses hide with them ("Show test data" off).
   */
  setMistakes(points: Float32Array | null, heldOut = false): void {
    this.mistakes = points;
    this.mistakesHeldOut = heldOut;
    this.renderOverlay();
  }

  /** Repaints the field: a hovered unit's output, the model's outputs, or the empty plane. */
  private renderField(): void {
    const { grid, image, field } = this;
    if (!grid || !image) return;
    const { width: w, height: h } = image;
    if (this.focus) {
      const { nx, ny, values } = this.focus;
      if (this.focusCells.width !== nx || this.focusCells.height !== ny) {
        this.focusCells.width = nx;
        this.focusCells.height = ny;
      }
      const small = new ImageData(nx, ny);
      paintHeat(small.data, values, nx, ny, nx, 0, this.focus.scale ?? 'signed');
      overWhite(small.data, FOCUS_ALPHA);
      this.focusCells.getContext('2d')!.putImageData(small, 0, 0);
      field.imageSmoothingEnabled = true;
      field.imageSmoothingQuality = 'low';
      field.drawImage(this.focusCells, 0, 0, w, h);
      return;
    }
    if (this.probs) {
      // Regression: the predicted value's place on the target scale, painted like a probability
      // (0.5 = the scale's white centre), so the surface and the points share one colour key.
      const values = this.target ? scaleTargets(this.probs.values, this.target) : this.probs.values;
      paintOutputs(image.data, values, this.target ? 1 : this.probs.width, grid.nx, grid.ny, this.discretize && !this.target, UPSAMPLE);
      overWhite(image.data, FIELD_ALPHA);
      field.putImageData(image, 0, 0);
      return;
    }
    field.fillStyle = '#f8f9fb';
    field.fillRect(0, 0, w, h);
  }

  private drawPoints(): void {
    const { size, grid } = this;
    for (const c of [this.trainLayer, this.testLayer]) {
      c.width = size;
      c.height = size;
    }
    if (!grid || !this.train) return;
    const to = canvasTransform(grid, size, size);
    const scale = size / 440;
    const n = this.train.y.length + (this.test?.y.length ?? 0);
    // Smaller dots for dense data, so the boundary stays visible.
    const radius = (n > 20000 ? 1.3 : n > 4000 ? 2 : n > 1500 ? 2.6 : n > 100 ? 3.4 : 6) * scale;
    // Regression: points in TARGET_BINS colour bins of the target scale (one path per bin).
    const target = this.target;
    const binOf = (d: AnyDataset, i: number): number =>
      target ? Math.max(0, Math.min(TARGET_BINS - 1, Math.floor((0.5 + (d.y[i]! - target.center) / (2 * target.spread)) * TARGET_BINS))) : d.y[i]!;
    const draw = (ctx: CanvasRenderingContext2D, d: AnyDataset, hollow: boolean): void => {
      const classes = target || isRegression(d) ? TARGET_BINS : Math.max(d.classes, 1);
      for (let k = 0; k < classes; k++) {
        ctx.beginPath();
        let any = false;
        for (let i = 0; i < d.y.length; i++) {
          if (binOf(d, i) !== k) continue;
          const x = to.x(d.x[i * d.features]!);
          const y = to.y(d.x[i * d.features + 1]!);
          if (n > 20000) ctx.rect(x - radius, y - radius, 2 * radius, 2 * radius);
          else {
            ctx.moveTo(x + radius, y);
            ctx.arc(x, y, radius, 0, Math.PI * 2);
          }
          any = true;
        }
        if (!any) continue;
        const color = target ? targetColor(target.center + ((k + 0.5) / TARGET_BINS - 0.5) * 2 * target.spread, target) : classColor(k);
        if (hollow) {
          if (n <= 20000) {
            ctx.fillStyle = 'rgba(255,255,255,0.75)';
            ctx.fill();
          }
          ctx.lineWidth = (n > 4000 ? 1.1 : 1.6) * scale;
          ctx.strokeStyle = color;
          ctx.stroke();
        } else {
          ctx.fillStyle = color;
          ctx.fill();
          if (n <= 4000) {
            ctx.lineWidth = 0.8 * scale;
            ctx.strokeStyle = 'rgba(255,255,255,0.9)';
            ctx.stroke();
          }
        }
      }
    };
    if (this.test) draw(this.testLayer.getContext('2d')!, this.test, true);
    draw(this.trainLayer.getContext('2d')!, this.train, false);
  }

  /** Axes, points and crosses over the field (transparent elsewhere). */
  private renderOverlay(): void {
    const { overlay: ctx, size, grid } = this;
    if (!grid || size === 0) return;
    ctx.clearRect(0, 0, size, size);
    this.drawAxes();
    // Held-out points underneath, so the training points (what the model sees) stay on top.
    if (this.showTest && this.test) ctx.drawImage(this.testLayer, 0, 0);
    ctx.drawImage(this.trainLayer, 0, 0);
    if (!this.focus && (this.showTest || !this.mistakesHeldOut)) this.drawMistakes();
  }

  private drawMistakes(): void {
    const { overlay: ctx, size, grid, mistakes } = this;
    if (!grid || !mistakes || mistakes.length === 0) return;
    const to = canvasTransform(grid, size, size);
    const scale = size / 440;
    const count = mistakes.length / 2;
    // Dense mistakes get smaller, fainter crosses, so thousands of them stay a texture, not a blob.
    const room = Math.sqrt((size * size) / count);
    const arm = Math.max(1.2 * scale, Math.min(3 * scale, room * 0.3));
    const alpha = count > 2000 ? 0.55 : count > 300 ? 0.75 : 1;
    ctx.save();
    ctx.lineCap = 'round';
    ctx.globalAlpha = alpha;
    for (const [color, width] of [
      ['rgba(255,255,255,0.9)', (arm / 3) * 2.8],
      ['#111827', (arm / 3) * 1.3],
    ] as const) {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.beginPath();
      for (let i = 0; i + 1 < mistakes.length; i += 2) {
        const x = to.x(mistakes[i]!);
        const y = to.y(mistakes[i + 1]!);
        ctx.moveTo(x - arm, y - arm);
        ctx.lineTo(x + arm, y + arm);
        ctx.moveTo(x + arm, y - arm);
        ctx.lineTo(x - arm, y + arm);
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  /** Light zero lines and the axis ranges, so the learner sees the scale of the data. */
  private drawAxes(): void {
    const { overlay: ctx, size, grid } = this;
    if (!grid) return;
    const to = canvasTransform(grid, size, size);
    const scale = size / 440;
    ctx.save();
    ctx.strokeStyle = 'rgba(29, 36, 51, 0.18)';
    ctx.lineWidth = 1 * scale;
    ctx.setLineDash([4 * scale, 4 * scale]);
    const { xMin, xMax, yMin, yMax } = grid.bounds;
    ctx.beginPath();
    if (xMin < 0 && xMax > 0) {
      ctx.moveTo(to.x(0), 0);
      ctx.lineTo(to.x(0), size);
    }
    if (yMin < 0 && yMax > 0) {
      ctx.moveTo(0, to.y(0));
      ctx.lineTo(size, to.y(0));
    }
    ctx.stroke();
    ctx.setLineDash([]);
    const font = 11 * scale;
    ctx.font = `${font}px ui-sans-serif, system-ui, sans-serif`;
    ctx.fillStyle = 'rgba(29, 36, 51, 0.8)';
    const pad = 5 * scale;
    const xSpan = xMax - xMin;
    const ySpan = yMax - yMin;
    const [xName, yName] = this.axisNames;
    // x along the bottom edge (left of it starts after the y column), y up the left edge (rotated).
    const column = font + 2 * pad;
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText(formatAxisValue(xMin, xSpan), column, size - pad);
    ctx.textAlign = 'center';
    ctx.fillText(`${xName} →`, size / 2, size - pad);
    ctx.textAlign = 'right';
    ctx.fillText(formatAxisValue(xMax, xSpan), size - pad, size - pad);
    ctx.save();
    ctx.translate(pad, size);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(formatAxisValue(yMin, ySpan), column, 0);
    ctx.textAlign = 'center';
    ctx.fillText(`${yName} →`, size / 2, 0);
    ctx.textAlign = 'right';
    ctx.fillText(formatAxisValue(yMax, ySpan), size - pad, 0);
    ctx.restore();
    this.axisLabels = {
      x: [formatAxisValue(xMin, xSpan), formatAxisValue(xMax, xSpan)],
      y: [formatAxisValue(yMin, ySpan), formatAxisValue(yMax, ySpan)],
      names: [xName, yName],
    };
    this.overlayCanvas.dataset.axes = `${xName}: ${this.axisLabels.x.join(' to ')}; ${yName}: ${this.axisLabels.y.join(' to ')}`;
    ctx.restore();
  }
}
