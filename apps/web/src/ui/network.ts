/**
 * The network diagram, as TF Playground draws it: one column per layer, every unit a small
 * canvas showing its output over the plane (updated live from the worker's heatmaps), and the
 * edges between drawn units coloured by the sign of their weight (blue +, orange −) and thickened
 * by its size. All units' heatmaps are painted into one ImageData per update, then each unit's
 * canvas takes its tile (putImageData of a sub-rectangle); the edges are one canvas underneath.
 * The units are buttons: hover or focus one to see its output in the main view; click or tap one
 * to pin it (the page shows it enlarged, with an Edit weights button: a tap never pops up a
 * keyboard); Enter edits its weights. Arrow keys move between units (one tab stop for the whole
 * diagram). Colours: palette.ts's one scheme (red negative/low, blue positive/high).
 *
 * The input column lists the model's input features; it is where per-feature toggles go when the
 * playground gets engineered features (x², sin x, …).
 */
import type { Activation } from '@mlpkit/models';
import { h } from './dom.js';
import { heatScaleOf, NEGATIVE, paintHeat, POSITIVE } from './palette.js';

export interface DiagramLayer {
  units: number;
  activation: Activation;
}

export interface UnitRef {
  /** -1 for the input features; 0.. for the Dense layers (the last is the output layer). */
  layer: number;
  unit: number;
}

export interface NetworkHandlers {
  /** Hover/focus on a unit (null when it leaves). */
  focusUnit(ref: UnitRef | null): void;
  /** Click or tap on a unit: pin it (again: unpin). */
  selectUnit(ref: UnitRef): void;
  /**
   * Enter on a Dense unit, or a click on an edge (then `from` is the edge's input unit).
   * `focusField`: move the focus into the editor's number field (not after a tap: no keyboard pop-up).
   */
  editUnit(ref: UnitRef, from?: number, focusField?: boolean): void;
}

/**
 * Least time between two repaints of the edges and the unit canvases (the main canvas repaints
 * every update). Every changed canvas is a texture the page hands to the compositor; the edges
 * canvas is a large one and the units are many, so they repaint about 6 times a second (the
 * units one layer per frame), which still looks live.
 */
const HEAT_MS = 160;

const SHORT: Record<Activation, string> = { linear: 'lin', relu: 'relu', tanh: 'tanh', sigmoid: 'sigm', softmax: 'smax' };

export interface DiagramLayout {
  width: number;
  height: number;
  node: number;
  /** Per column: x of the node centres. */
  xs: number[];
  /** Per column: y of each shown node's centre. */
  ys: number[][];
  /** Per column: the label lines, its box (left edge and width, inside the diagram) and the units not drawn. */
  labels: Array<{ lines: [string, string]; left: number; width: number; more: number }>;
}

/**
 * Positions for a diagram `width` px wide: columns `sizes` (inputs first, output last), at most
 * `maxShown` units drawn per column. Labels use short activation names when columns are narrow,
 * so they never overlap.
 */
export function diagramLayout(sizes: readonly number[], activations: readonly string[], width: number, maxShown: number, maxNodesHeight = 420): DiagramLayout {
  const columns = sizes.length;
  const pad = 6;
  const slot = (width - 2 * pad) / columns;
  let node = Math.max(12, Math.min(34, Math.floor(slot * 0.62)));
  const shown = sizes.map((n) => Math.min(n, maxShown));
  const most = Math.max(...shown);
  let gap = Math.max(3, Math.round(node * 0.22));
  if (most * node + (most - 1) * gap > maxNodesHeight) {
    node = Math.max(10, Math.floor((maxNodesHeight - (most - 1) * 3) / most));
    gap = 3;
  }
  const nodesHeight = most * node + (most - 1) * gap;
  const top = 8;
  const moreRow = sizes.some((n) => n > maxShown) ? 14 : 0;
  const labelTop = top + nodesHeight + moreRow + 6;
  const height = labelTop + 30;
  const span = width - 2 * pad - node;
  const xs = sizes.map((_, c) => pad + node / 2 + (columns === 1 ? span / 2 : (c * span) / (columns - 1)));
  const spacing = columns > 1 ? span / (columns - 1) : width;
  const ys = shown.map((n) => {
    const h0 = n * node + (n - 1) * gap;
    const start = top + (nodesHeight - h0) / 2 + node / 2;
    return Array.from({ length: n }, (_, k) => start + k * (node + gap));
  });
  const short = spacing < 56;
  const labels = sizes.map((n, c) => {
    const act = activations[c] ?? '';
    const name = c === 0 ? (short ? 'in' : 'input') : short ? (SHORT[act as Activation] ?? act) : act;
    const w = Math.min(width, Math.max(20, Math.floor(spacing) - 2));
    // Centred under the column, but never past the diagram's edges.
    const left = Math.max(0, Math.min(width - w, xs[c]! - w / 2));
    return { lines: [String(n), name] as [string, string], left, width: w, more: n - shown[c]! };
  });
  return { width, height, node, xs, ys, labels };
}

export class NetworkView {
  private sizes: number[] = [];
  private names: string[] = [];
  private layout: DiagramLayout | null = null;
  private readonly canvas: HTMLCanvasElement;
  /** All units' heatmaps side by side (nx·units × ny); each unit's canvas shows its tile. */
  private atlasImage: ImageData | null = null;
  private unitCanvases: HTMLCanvasElement[][] = [];
  /** Columns whose unit canvases show older heatmaps than the atlas. */
  private readonly dirty = new Set<number>();
  /** Heatmaps arrived that the unit canvases do not show yet. */
  private heatStale = false;
  private lastHeat = -Infinity;
  private readonly tooltip: HTMLElement;
  private nodes: HTMLButtonElement[][] = [];
  private cursor = '';
  private weights: Float32Array[] | null = null;
  private heat: Float32Array | null = null;
  private heatGrid = { nx: 0, ny: 0 };
  private inputHeat: Float32Array[] = [];
  private active: UnitRef = { layer: -1, unit: 0 };
  private selected: UnitRef | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly maxShown: number,
    private readonly handlers: NetworkHandlers,
  ) {
    this.canvas = h('canvas', { class: 'diagram-canvas', 'aria-hidden': 'true' });
    this.tooltip = h('div', { class: 'weight-tip', role: 'tooltip', hidden: true });
    container.addEventListener('pointermove', (e) => this.onPointerMove(e));
    container.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
    container.addEventListener('click', (e) => this.onClick(e));
  }

  /** Rebuilds the diagram for an architecture: input feature names, then the Dense layers. */
  setModel(features: readonly string[], layers: readonly DiagramLayer[]): void {
    this.sizes = [features.length, ...layers.map((l) => l.units)];
    this.names = [...features];
    this.weights = null;
    this.heat = null;
    this.build(layers.map((l) => l.activation));
  }

  private activations: string[] = [];

  private build(activations: string[] = this.activations): void {
    this.activations = activations;
    const width = Math.max(200, Math.round(this.container.clientWidth || 320));
    const layout = diagramLayout(this.sizes, ['input', ...activations], width, this.maxShown, this.maxNodesHeight);
    this.layout = layout;
    this.container.style.height = `${layout.height}px`;
    const children: HTMLElement[] = [this.canvas];
    this.nodes = [];
    this.unitCanvases = [];
    const columns = this.sizes.length;
    if (this.active.layer + 1 >= columns || this.active.unit >= (layout.ys[this.active.layer + 1]?.length ?? 0)) this.active = { layer: -1, unit: 0 };
    layout.xs.forEach((x, c) => {
      const buttons: HTMLButtonElement[] = [];
      const canvases: HTMLCanvasElement[] = [];
      layout.ys[c]!.forEach((y, u) => {
        const layer = c - 1;
        const canvas = h('canvas', { class: 'heatmap', width: this.heatGrid.nx || 36, height: this.heatGrid.ny || 36, 'aria-hidden': 'true', 'data-layer': layer, 'data-unit': u });
        const what = layer < 0 ? `Input ${this.names[u] ?? `x${u}`}` : `${layer === columns - 2 ? 'Output' : `Hidden layer ${layer + 1}`}, unit ${u + 1}`;
        const button = h(
          'button',
          {
            type: 'button',
            class: `neuron${layer < 0 ? ' input' : layer === columns - 2 ? ' out' : ''}`,
            tabindex: layer === this.active.layer && u === this.active.unit ? 0 : -1,
            'data-layer': layer,
            'data-unit': u,
            'aria-label': layer < 0 ? `${what}: its value over the plane` : `${what}: its output over the plane; Space pins it, Enter edits its weights`,
            'aria-pressed': this.selected !== null && this.selected.layer === layer && this.selected.unit === u ? 'true' : 'false',
            style: `left:${(x - layout.node / 2).toFixed(1)}px;top:${(y - layout.node / 2).toFixed(1)}px;width:${layout.node}px;height:${layout.node}px`,
          },
          canvas,
        );
        const ref = { layer, unit: u };
        button.addEventListener('pointerenter', () => this.handlers.focusUnit(ref));
        button.addEventListener('pointerleave', () => this.handlers.focusUnit(null));
        button.addEventListener('focus', () => {
          this.setActive(ref);
          this.handlers.focusUnit(ref);
        });
        button.addEventListener('blur', () => this.handlers.focusUnit(null));
        button.addEventListener('click', (event) => {
          event.stopPropagation();
          this.handlers.selectUnit(ref);
        });
        button.addEventListener('keydown', (event) => this.onKey(event, ref));
        buttons.push(button);
        canvases.push(canvas);
        children.push(button);
      });
      const label = layout.labels[c]!;
      const y = layout.height - 30;
      children.push(
        h(
          'div',
          { class: 'col-label', style: `left:${label.left.toFixed(1)}px;top:${y}px;width:${label.width}px` },
          h('span', { text: label.lines[0] }),
          h('span', { text: label.lines[1] }),
        ),
      );
      if (label.more > 0) {
        const lastY = layout.ys[c]![layout.ys[c]!.length - 1]!;
        children.push(h('div', { class: 'col-more', style: `left:${label.left.toFixed(1)}px;top:${(lastY + layout.node / 2 + 1).toFixed(1)}px;width:${label.width}px`, text: `+${label.more}` }));
      }
      this.nodes.push(buttons);
      this.unitCanvases.push(canvases);
    });
    children.push(this.tooltip);
    this.container.replaceChildren(...children);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(layout.width * dpr);
    this.canvas.height = Math.round(layout.height * dpr);
    this.canvas.style.width = `${layout.width}px`;
    this.canvas.style.height = `${layout.height}px`;
    this.paintAtlas();
    this.draw();
  }

  private maxNodesHeight = 420;

  /**
   * The tallest the columns of units may be (px): the page keeps the diagram within a short
   * screen (a projector's 720 px) beside the canvas and the curves.
   */
  setMaxHeight(px: number): void {
    const next = Math.round(Math.max(120, px));
    if (next === this.maxNodesHeight) return;
    this.maxNodesHeight = next;
    if (this.layout) this.build();
  }

  /** Re-lays out after the container's width changed. */
  resize(): void {
    if (!this.layout) return;
    const width = Math.max(200, Math.round(this.container.clientWidth || 320));
    if (width !== this.layout.width) this.build();
  }

  /** The input features' own values over the heat grid (drawn in the input column). */
  setInputGrid(grid: { x: Float32Array; nx: number; ny: number; features: number }): void {
    this.heatGrid = { nx: grid.nx, ny: grid.ny };
    const points = grid.nx * grid.ny;
    this.inputHeat = Array.from({ length: grid.features }, (_, f) => {
      const values = new Float32Array(points);
      for (let p = 0; p < points; p++) values[p] = grid.x[p * grid.features + f]!;
      return values;
    });
    this.paintAtlas();
    this.draw();
  }

  /**
   * The run's latest weights and per-unit outputs (packed as activations.ts' packHeatmaps). The
   * edges repaint now; the unit canvases repaint one column per `tick()` (one per frame), so a
   * frame never has to hand dozens of changed canvases to the compositor at once.
   */
  update(weights: Float32Array[] | null, heat: Float32Array | null): void {
    this.weights = weights;
    this.heat = heat;
    this.heatStale = true;
    if (heat === null) {
      this.heatStale = false;
      this.drawEdgesCanvas();
      this.paintAtlas();
      for (let c = 1; c < this.unitCanvases.length; c++) this.dirty.add(c);
      this.flushColumns();
    }
  }

  /** Draws whatever is pending now (when training stops: the final picture, at once). */
  flush(): void {
    if (!this.heatStale && this.dirty.size === 0) return;
    if (this.heatStale) {
      this.heatStale = false;
      this.drawEdgesCanvas();
      this.paintAtlas();
      for (let c = 1; c < this.unitCanvases.length; c++) this.dirty.add(c);
    }
    this.flushColumns();
  }

  /**
   * Called once per frame: starts a new round of unit-canvas repaints at most every HEAT_MS
   * (always ending on the latest heatmaps), and repaints one column of the round. True while
   * there is more to do.
   */
  tick(now = performance.now()): boolean {
    if (this.heatStale && this.dirty.size === 0 && now - this.lastHeat >= HEAT_MS) {
      this.heatStale = false;
      this.lastHeat = now;
      // The edges are a large canvas (a big texture to hand over): they follow the same rounds.
      this.drawEdgesCanvas();
      this.paintAtlas();
      for (let c = 1; c < this.unitCanvases.length; c++) this.dirty.add(c);
    }
    const next = this.dirty.values().next();
    if (!next.done) {
      this.dirty.delete(next.value);
      this.drawColumn(next.value);
    }
    return this.dirty.size > 0 || this.heatStale;
  }

  private flushColumns(): void {
    for (const c of this.dirty) this.drawColumn(c);
    this.dirty.clear();
  }

  /** The current heatmap of a unit (a view into the latest data), for the main view. */
  heatOf(ref: UnitRef): { values: Float32Array; nx: number; ny: number } | null {
    const { nx, ny } = this.heatGrid;
    const points = nx * ny;
    if (ref.layer < 0) {
      const values = this.inputHeat[ref.unit];
      return values ? { values, nx, ny } : null;
    }
    if (!this.heat) return null;
    let offset = 0;
    for (let l = 0; l < ref.layer; l++) offset += Math.min(this.sizes[l + 1]!, this.maxShown) * points;
    offset += ref.unit * points;
    if (offset + points > this.heat.length) return null;
    return { values: this.heat.subarray(offset, offset + points), nx, ny };
  }

  /** Units drawn per column (inputs first). */
  private shownCounts(): number[] {
    return this.layout ? this.layout.ys.map((ys) => ys.length) : [];
  }

  /** Paints every drawn unit's heatmap (inputs first) into the atlas, one nx-wide tile each. */
  private paintAtlas(): void {
    const { nx, ny } = this.heatGrid;
    const counts = this.shownCounts();
    const tiles = counts.reduce((a, b) => a + b, 0);
    if (!nx || tiles === 0) return;
    const width = nx * tiles;
    if (!this.atlasImage || this.atlasImage.width !== width || this.atlasImage.height !== ny) this.atlasImage = new ImageData(width, ny);
    const image = this.atlasImage;
    image.data.fill(255);
    let tile = 0;
    counts.forEach((count, c) => {
      for (let u = 0; u < count; u++, tile++) {
        const heat = this.heatOf({ layer: c - 1, unit: u });
        if (heat) paintHeat(image.data, heat.values, nx, ny, width, tile * nx, this.scaleOf({ layer: c - 1, unit: u }));
      }
    });
  }

  /** Everything, now (after a rebuild or new data). */
  private draw(): void {
    this.drawEdgesCanvas();
    for (let c = 0; c < this.unitCanvases.length; c++) this.drawColumn(c);
    this.dirty.clear();
  }

  private drawEdgesCanvas(): void {
    const layout = this.layout;
    if (!layout) return;
    const ctx = this.canvas.getContext('2d')!;
    const dpr = this.canvas.width / layout.width;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, layout.width, layout.height);
    this.drawEdges(ctx, layout);
  }

  /** Each unit canvas of column `c` takes its tile of the atlas. */
  private drawColumn(c: number): void {
    const { nx, ny } = this.heatGrid;
    const image = this.atlasImage;
    const column = this.unitCanvases[c];
    if (!nx || !image || !column) return;
    let tile = 0;
    for (let k = 0; k < c; k++) tile += this.unitCanvases[k]!.length;
    const hasHeat = c === 0 ? this.inputHeat.length > 0 : this.heat !== null;
    for (const canvas of column) {
      if (canvas.width !== nx || canvas.height !== ny) {
        canvas.width = nx;
        canvas.height = ny;
      }
      const unitCtx = canvas.getContext('2d')!;
      if (hasHeat) unitCtx.putImageData(image, -tile * nx, 0, tile * nx, 0, nx, ny);
      else unitCtx.clearRect(0, 0, nx, ny);
      tile++;
    }
  }

  /** Kernel weight of the edge from unit i of column c to unit j of column c + 1. */
  private weight(c: number, i: number, j: number): number | null {
    const kernel = this.weights?.[2 * c];
    const out = this.sizes[c + 1]!;
    return kernel ? (kernel[i * out + j] ?? null) : null;
  }

  private drawEdges(ctx: CanvasRenderingContext2D, layout: DiagramLayout): void {
    const half = layout.node / 2;
    const weights = this.weights && this.weights.length === 2 * (this.sizes.length - 1) ? this.weights : null;
    if (!weights) {
      ctx.strokeStyle = '#c7cbe8';
      ctx.lineWidth = 0.7;
      ctx.beginPath();
      for (let c = 0; c + 1 < layout.xs.length; c++) {
        for (const ya of layout.ys[c]!) {
          for (const yb of layout.ys[c + 1]!) {
            ctx.moveTo(layout.xs[c]! + half, ya);
            ctx.lineTo(layout.xs[c + 1]! - half, yb);
          }
        }
      }
      ctx.stroke();
      return;
    }
    // One scale for the whole network, so layers compare.
    let maxAbs = 1e-6;
    for (let c = 0; c + 1 < this.sizes.length; c++) for (const w of weights[2 * c]!) maxAbs = Math.max(maxAbs, Math.abs(w));
    // Batched into a few strokes: sign × 6 width buckets.
    const BUCKETS = 6;
    const paths = [NEGATIVE, POSITIVE].map(() => Array.from({ length: BUCKETS }, () => new Path2D()));
    for (let c = 0; c + 1 < layout.xs.length; c++) {
      layout.ys[c]!.forEach((ya, i) => {
        layout.ys[c + 1]!.forEach((yb, j) => {
          const w = this.weight(c, i, j) ?? 0;
          const bucket = Math.min(BUCKETS - 1, Math.floor((Math.abs(w) / maxAbs) * BUCKETS));
          const path = paths[w >= 0 ? 1 : 0]![bucket]!;
          path.moveTo(layout.xs[c]! + half, ya);
          path.lineTo(layout.xs[c + 1]! - half, yb);
        });
      });
    }
    [NEGATIVE, POSITIVE].forEach((color, s) => {
      ctx.strokeStyle = color;
      for (let b = 0; b < BUCKETS; b++) {
        const t = (b + 0.5) / BUCKETS;
        ctx.globalAlpha = 0.25 + 0.7 * t;
        ctx.lineWidth = 0.5 + 3 * t;
        ctx.stroke(paths[s]![b]!);
      }
    });
    ctx.globalAlpha = 1;
  }

  /** The edge nearest to a point (within 5 px), as (column, from, to). */
  private edgeAt(x: number, y: number): { c: number; i: number; j: number } | null {
    const layout = this.layout;
    if (!layout) return null;
    const half = layout.node / 2;
    let best: { c: number; i: number; j: number } | null = null;
    let bestD = 5;
    for (let c = 0; c + 1 < layout.xs.length; c++) {
      const x0 = layout.xs[c]! + half;
      const x1 = layout.xs[c + 1]! - half;
      if (x < x0 - 4 || x > x1 + 4) continue;
      layout.ys[c]!.forEach((y0, i) => {
        layout.ys[c + 1]!.forEach((y1, j) => {
          const dx = x1 - x0;
          const dy = y1 - y0;
          const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy || 1)));
          const d = Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
          if (d < bestD) {
            bestD = d;
            best = { c, i, j };
          }
        });
      });
    }
    return best;
  }

  private unitName(layer: number, unit: number): string {
    if (layer < 0) return this.names[unit] ?? `x${unit}`;
    return layer === this.sizes.length - 2 ? `out${unit + 1}` : `h${layer + 1}.${unit + 1}`;
  }

  private onPointerMove(event: PointerEvent): void {
    if ((event.target as HTMLElement).closest('.neuron')) {
      if (!this.tooltip.hidden) this.tooltip.hidden = true;
      return;
    }
    const rect = this.container.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const edge = this.edgeAt(x, y);
    const w = edge ? this.weight(edge.c, edge.i, edge.j) : null;
    const cursor = edge && w !== null ? 'pointer' : '';
    if (cursor !== this.cursor) {
      this.cursor = cursor;
      this.container.style.cursor = cursor;
    }
    if (!edge || w === null) {
      if (!this.tooltip.hidden) this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent = `${this.unitName(edge.c - 1, edge.i)} → ${this.unitName(edge.c, edge.j)}: weight ${w.toFixed(3)} (click to edit)`;
    this.tooltip.style.left = `${Math.min(x + 10, rect.width - 160)}px`;
    this.tooltip.style.top = `${y + 12}px`;
    this.tooltip.hidden = false;
  }

  private onClick(event: MouseEvent): void {
    if ((event.target as HTMLElement).closest('.neuron')) return;
    const rect = this.container.getBoundingClientRect();
    const edge = this.edgeAt(event.clientX - rect.left, event.clientY - rect.top);
    const touch = (event as PointerEvent).pointerType === 'touch';
    if (edge && this.weights) this.handlers.editUnit({ layer: edge.c, unit: edge.j }, edge.i, !touch);
  }

  /** Marks the pinned unit (aria-pressed), or none. */
  setSelected(ref: UnitRef | null): void {
    this.selected = ref;
    this.nodes.forEach((column, c) =>
      column.forEach((b, u) => {
        const on = ref !== null && c - 1 === ref.layer && u === ref.unit;
        b.classList.toggle('selected', on);
        b.setAttribute('aria-pressed', String(on));
      }),
    );
  }

  /** Moves the keyboard focus to a unit's button. */
  focusButton(ref: UnitRef): void {
    this.nodes[ref.layer + 1]?.[ref.unit]?.focus();
  }

  /** How a unit's heatmap maps its values (its layer's activation). */
  scaleOf(ref: UnitRef): 'signed' | 'unit' {
    return ref.layer < 0 ? 'signed' : heatScaleOf(this.activations[ref.layer] ?? 'linear');
  }

  private setActive(ref: UnitRef): void {
    this.active = ref;
    this.nodes.forEach((column, c) => column.forEach((b, u) => (b.tabIndex = c - 1 === ref.layer && u === ref.unit ? 0 : -1)));
  }

  private onKey(event: KeyboardEvent, ref: UnitRef): void {
    const column = ref.layer + 1;
    let c = column;
    let u = ref.unit;
    switch (event.key) {
      case 'ArrowUp':
        u -= 1;
        break;
      case 'ArrowDown':
        u += 1;
        break;
      case 'ArrowLeft':
        c -= 1;
        break;
      case 'ArrowRight':
        c += 1;
        break;
      case 'Home':
        u = 0;
        break;
      case 'End':
        u = Infinity;
        break;
      case 'Enter':
        event.preventDefault();
        if (ref.layer >= 0) this.handlers.editUnit(ref, undefined, true);
        return;
      default:
        return;
    }
    event.preventDefault();
    c = Math.max(0, Math.min(this.nodes.length - 1, c));
    const nodes = this.nodes[c]!;
    u = Math.max(0, Math.min(nodes.length - 1, u));
    nodes[u]?.focus();
  }
}
