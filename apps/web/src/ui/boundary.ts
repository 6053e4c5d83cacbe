/**
 * The live decision-boundary canvas: @mlpkit/plot's paintBoundary fills a grid-sized canvas
 * (one pixel per grid point), which is scaled up with smoothing; the data points are drawn once
 * per dataset on their own layer and composited on top.
 */
import type { Dataset, Grid } from '@mlpkit/datasets';
import { classColor } from '@mlpkit/plot';
import { canvasTransform, paintBoundary } from '@mlpkit/plot/canvas';

export class BoundaryView {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly cells = document.createElement('canvas');
  private readonly points = document.createElement('canvas');
  private size = 0;
  private grid: Grid | null = null;
  private probs: { values: Float32Array; width: number } | null = null;
  /** Points the trained model gets wrong, x/y pairs, marked with a cross. */
  private mistakes: Float32Array | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a 2-D canvas');
    this.ctx = ctx;
  }

  /** Draws the data (train filled, validation as rings) and forgets any boundary. */
  setData(grid: Grid, train: Dataset, validation: Dataset | null): void {
    this.grid = grid;
    this.probs = null;
    this.mistakes = null;
    this.size = Math.round(this.canvas.clientWidth * (window.devicePixelRatio || 1)) || this.canvas.width;
    this.canvas.width = this.size;
    this.canvas.height = this.size;
    this.points.width = this.size;
    this.points.height = this.size;
    const ctx = this.points.getContext('2d')!;
    ctx.clearRect(0, 0, this.size, this.size);
    const to = canvasTransform(grid, this.size, this.size);
    const scale = this.size / 440;
    const n = train.y.length + (validation?.y.length ?? 0);
    // Smaller dots for dense data, so the boundary stays visible.
    const radius = (n > 4000 ? 2 : n > 1500 ? 2.6 : n > 100 ? 3.4 : 6) * scale;
    const draw = (d: Dataset, hollow: boolean): void => {
      for (let i = 0; i < d.y.length; i++) {
        const x = to.x(d.x[i * d.features]!);
        const y = to.y(d.x[i * d.features + 1]!);
        ctx.beginPath();
        ctx.arc(x, y, radius, 0, Math.PI * 2);
        const color = classColor(d.y[i]!);
        if (hollow) {
          ctx.fillStyle = 'rgba(255,255,255,0.75)';
          ctx.fill();
          ctx.lineWidth = (n > 4000 ? 1.1 : 1.6) * scale;
          ctx.strokeStyle = color;
          ctx.stroke();
        } else {
          ctx.fillStyle = color;
          ctx.fill();
          ctx.lineWidth = 0.8 * scale;
          ctx.strokeStyle = 'rgba(255,255,255,0.9)';
          ctx.stroke();
        }
      }
    };
    // Held-out points underneath, so the training points (what the model sees) stay on top.
    if (validation) draw(validation, true);
    draw(train, false);
    this.render();
  }

  /** Model outputs over the grid: n × width (width 1: P(class 1); K: class probabilities). */
  setProbabilities(values: Float32Array, width: number): void {
    this.probs = { values, width };
    this.render();
  }

  clearProbabilities(): void {
    this.probs = null;
    this.mistakes = null;
    this.render();
  }

  /** Marks these points (x/y pairs) as misclassified; null clears the marks. */
  setMistakes(points: Float32Array | null): void {
    this.mistakes = points;
    this.render();
  }

  private render(): void {
    const { ctx, size, grid } = this;
    if (!grid) return;
    ctx.clearRect(0, 0, size, size);
    if (this.probs) {
      this.cells.width = grid.nx;
      this.cells.height = grid.ny;
      const cellCtx = this.cells.getContext('2d')!;
      paintBoundary(cellCtx, this.probs.values, {
        nx: grid.nx,
        ny: grid.ny,
        width: grid.nx,
        height: grid.ny,
        classes: this.probs.width,
        levels: 0,
      });
      // Lighter than the SVG plots' shading, so the points stay readable on the live view.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, size, size);
      ctx.globalAlpha = 0.72;
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(this.cells, 0, 0, size, size);
      ctx.globalAlpha = 1;
    } else {
      ctx.fillStyle = '#f8f9fb';
      ctx.fillRect(0, 0, size, size);
    }
    this.drawAxes();
    ctx.drawImage(this.points, 0, 0);
    this.drawMistakes();
  }

  private drawMistakes(): void {
    const { ctx, size, grid, mistakes } = this;
    if (!grid || !mistakes || mistakes.length === 0) return;
    const to = canvasTransform(grid, size, size);
    const scale = size / 440;
    const arm = 3 * scale;
    ctx.save();
    ctx.lineCap = 'round';
    for (const [color, width] of [
      ['rgba(255,255,255,0.9)', 2.8 * scale],
      ['#111827', 1.3 * scale],
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
    const { ctx, size, grid } = this;
    if (!grid) return;
    const to = canvasTransform(grid, size, size);
    const scale = size / 440;
    ctx.save();
    ctx.strokeStyle = 'rgba(29, 36, 51, 0.18)';
    ctx.lineWidth = 1 * scale;
    ctx.setLineDash([4 * scale, 4 * scale]);
    const { xMin, xMax, yMin, yMax } = grid.bounds;
    if (xMin < 0 && xMax > 0) {
      ctx.beginPath();
      ctx.moveTo(to.x(0), 0);
      ctx.lineTo(to.x(0), size);
      ctx.stroke();
    }
    if (yMin < 0 && yMax > 0) {
      ctx.beginPath();
      ctx.moveTo(0, to.y(0));
      ctx.lineTo(size, to.y(0));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.font = `${11 * scale}px ui-sans-serif, system-ui, sans-serif`;
    ctx.fillStyle = 'rgba(29, 36, 51, 0.55)';
    const pad = 6 * scale;
    const label = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1));
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText(label(xMin), pad, size - pad);
    ctx.textAlign = 'right';
    ctx.fillText(label(xMax), size - pad, size - pad);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(label(yMax), pad, pad);
    ctx.restore();
  }
}
