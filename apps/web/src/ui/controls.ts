/** Controls generated from data: dataset parameters from their schema, the layer editor. */
import type { ParamSpec } from '@mlpkit/datasets';
import { ACTIVATIONS, type Activation } from '@mlpkit/models';
import { LIMITS, type LayerState, type ParamValue } from '../state.js';
import { h } from './dom.js';

/** "classSep" → "Class sep", "centerBox" → "Center box". */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function decimals(step: number): number {
  const text = String(step);
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}

/** A slider where the range is bounded (or has a sensible soft bound), else a number field. */
function sliderRange(spec: ParamSpec): { min: number; max: number; step: number } | null {
  if (spec.type === 'boolean' || spec.name === 'seed' || spec.name === 'samples') return null;
  const min = spec.min ?? 0;
  const def = spec.default as number;
  const max = spec.max ?? (spec.name === 'noise' || spec.type === 'float' ? Math.max(1, def * 4) : Math.max(10, def * 4));
  const step = spec.step ?? (spec.type === 'int' ? 1 : max - min <= 1.5 ? 0.01 : 0.05);
  return { min, max, step };
}

export function paramControl(
  spec: ParamSpec,
  value: ParamValue,
  onChange: (value: ParamValue) => void,
): HTMLElement {
  const id = `param-${spec.name}`;
  if (spec.type === 'boolean') {
    const input = h('input', { type: 'checkbox', id, 'data-param': spec.name });
    input.checked = Boolean(value);
    input.addEventListener('change', () => onChange(input.checked));
    return h('label', { class: 'field check', title: spec.description }, input, h('span', { class: 'field-label', text: humanize(spec.name) }));
  }
  const range = sliderRange(spec);
  const commit = (raw: string): void => {
    const parsed = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(parsed)) return;
    onChange(spec.type === 'int' ? Math.round(parsed) : parsed);
  };
  if (range) {
    const digits = decimals(range.step);
    const output = h('output', { for: id, text: Number(value).toFixed(digits) });
    const slider = h('input', {
      type: 'range',
      id,
      'data-param': spec.name,
      min: range.min,
      max: Math.max(range.max, Number(value)),
      step: range.step,
    });
    slider.value = String(value);
    slider.addEventListener('input', () => (output.textContent = Number(slider.value).toFixed(digits)));
    slider.addEventListener('change', () => commit(slider.value));
    return h(
      'div',
      { class: 'field', title: spec.description },
      h('label', { class: 'field-label', for: id }, humanize(spec.name), output),
      slider,
    );
  }
  const input = h('input', {
    type: 'number',
    id,
    'data-param': spec.name,
    min: spec.min,
    max: spec.max,
    step: spec.step ?? (spec.type === 'int' ? 1 : 'any'),
  });
  input.value = String(value);
  input.addEventListener('change', () => commit(input.value));
  return h('label', { class: 'field', title: spec.description }, h('span', { class: 'field-label', text: humanize(spec.name) }), input);
}

function activationSelect(value: Activation, onChange: (a: Activation) => void, label: string): HTMLSelectElement {
  const select = h('select', { 'aria-label': label });
  for (const a of ACTIVATIONS) select.appendChild(h('option', { value: a, text: a }));
  select.value = value;
  select.addEventListener('change', () => onChange(select.value as Activation));
  return select;
}

function unitsStepper(value: number, onChange: (units: number) => void, label: string): HTMLElement {
  const input = h('input', { type: 'number', min: LIMITS.units.min, max: LIMITS.units.max, step: 1, 'aria-label': label });
  input.value = String(value);
  const set = (units: number): void => {
    const clamped = Math.min(LIMITS.units.max, Math.max(LIMITS.units.min, Math.round(units)));
    input.value = String(clamped);
    if (clamped !== value) onChange(clamped);
  };
  input.addEventListener('change', () => {
    const parsed = Number(input.value);
    if (Number.isFinite(parsed)) set(parsed);
    else input.value = String(value);
  });
  return h(
    'div',
    { class: 'stepper' },
    h('button', { type: 'button', text: '−', 'aria-label': `${label}: fewer`, onclick: () => set(value - 1) }),
    input,
    h('button', { type: 'button', text: '+', 'aria-label': `${label}: more`, onclick: () => set(value + 1) }),
  );
}

export interface LayerEditorHandlers {
  change(index: number, layer: LayerState): void;
  remove(index: number): void;
}

export function layerRow(index: number, layer: LayerState, handlers: LayerEditorHandlers): HTMLElement {
  const name = `Hidden ${index + 1}`;
  return h(
    'div',
    { class: 'layer', 'data-layer': index },
    h('span', { class: 'layer-name', text: name }),
    unitsStepper(layer.units, (units) => handlers.change(index, { ...layer, units }), `${name} units`),
    activationSelect(layer.activation, (activation) => handlers.change(index, { ...layer, activation }), `${name} activation`),
    h(
      'button',
      { class: 'btn icon', type: 'button', title: `Remove ${name.toLowerCase()}`, 'aria-label': `Remove ${name.toLowerCase()}`, onclick: () => handlers.remove(index) },
      '×',
    ),
  );
}

export function outputRow(output: LayerState, note: string): HTMLElement {
  return h(
    'div',
    { class: 'layer output' },
    h('span', { class: 'layer-name', text: 'Output' }),
    h('span', { class: 'fixed' }, `${output.units} ${output.activation}`, h('span', { class: 'hint-inline', text: ` · ${note}` })),
  );
}

/**
 * The network as nodes and edges (inputs → hidden → output), like TF Playground's diagram. With
 * weights, each edge is coloured by the sign of its weight (blue +, orange −) and drawn thicker the
 * larger it is. Wide layers show their first nodes and an ellipsis.
 */
export function networkDiagram(sizes: number[], labels: string[], weights: Float32Array[] | null = null): string {
  const width = 320;
  const height = 118;
  const maxNodes = 8;
  const columns = sizes.length;
  const xOf = (c: number) => 26 + (c * (width - 52)) / Math.max(1, columns - 1);
  const nodes = sizes.map((n, c) => {
    const shown = Math.min(n, maxNodes);
    const gap = Math.min(12, (height - 34) / Math.max(1, shown - 1));
    const top = (height - 14) / 2 - ((shown - 1) * gap) / 2;
    return Array.from({ length: shown }, (_, k) => ({ x: xOf(c), y: top + k * gap }));
  });
  const kernels = weights && weights.length === 2 * (columns - 1) ? weights.filter((_, i) => i % 2 === 0) : null;
  let edges = '';
  if (kernels) {
    // One scale for the whole network, so layers compare.
    let maxAbs = 1e-6;
    for (const k of kernels) for (const w of k) maxAbs = Math.max(maxAbs, Math.abs(w));
    for (let c = 0; c + 1 < columns; c++) {
      const out = sizes[c + 1]!;
      const kernel = kernels[c]!;
      nodes[c]!.forEach((a, i) =>
        nodes[c + 1]!.forEach((b, j) => {
          const w = kernel[i * out + j] ?? 0;
          const t = Math.abs(w) / maxAbs;
          edges += `<path d="M${a.x.toFixed(1)},${a.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}" stroke="${w >= 0 ? '#3b6fd8' : '#e8743b'}" stroke-opacity="${(0.25 + 0.7 * t).toFixed(2)}" stroke-width="${(0.4 + 2.4 * t).toFixed(2)}"/>`;
        }),
      );
    }
  } else {
    let d = '';
    for (let c = 0; c + 1 < columns; c++) {
      for (const a of nodes[c]!) for (const b of nodes[c + 1]!) d += `M${a.x.toFixed(1)},${a.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}`;
    }
    edges = `<path d="${d}" stroke="#c7cbe8" stroke-width="0.7"/>`;
  }
  let circles = '';
  nodes.forEach((column, c) => {
    const fill = c === 0 ? '#1d2433' : c === columns - 1 ? '#4f46e5' : '#ffffff';
    for (const p of column) circles += `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="4.2" fill="${fill}" stroke="#4f46e5" stroke-width="1.4"/>`;
    if (sizes[c]! > maxNodes) {
      const last = column[column.length - 1]!;
      circles += `<text x="${last.x}" y="${(last.y + 12).toFixed(1)}" text-anchor="middle" font-size="10" fill="#8b93a3">⋮</text>`;
    }
  });
  const text = labels
    .map((l, c) => `<text x="${xOf(c).toFixed(1)}" y="${height - 4}" text-anchor="middle" font-size="10" fill="#5b6475">${l}</text>`)
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Network diagram"><g fill="none">${edges}</g>${circles}${text}</svg>`;
}
