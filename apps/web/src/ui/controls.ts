/**
 * Controls generated from data: dataset parameters from their registry schema (validated with the
 * same checks as the URL, errors shown next to the field), and the layer editor.
 */
import type { ParamSpec } from '@mlpkit/datasets';
import { ACTIVATIONS, type Activation } from '@mlpkit/models';
import { checkDatasetParam, LIMITS, paramRange, WEB_PARAM_LIMITS, type LayerState, type ParamValue } from '../state.js';
import { h } from './dom.js';
import { paramHelp, paramLabel } from './text.js';

export { humanize } from './text.js';

function decimals(step: number): number {
  const text = String(step);
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}

/**
 * An inline error under a field: the field keeps what the user typed, is marked invalid, and the
 * message is announced (role=status) right where the user is looking.
 */
export function fieldError(input: HTMLElement, id: string): { element: HTMLElement; show(message: string): void; clear(): void } {
  const element = h('p', { class: 'field-error', id, role: 'status', hidden: true });
  input.setAttribute('aria-describedby', id);
  return {
    element,
    show(message) {
      element.textContent = message;
      element.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    },
    clear() {
      element.textContent = '';
      element.hidden = true;
      input.removeAttribute('aria-invalid');
    },
  };
}

export function paramControl(spec: ParamSpec, value: ParamValue, onChange: (value: ParamValue) => void): HTMLElement {
  const id = `param-${spec.name}`;
  const cap = WEB_PARAM_LIMITS[spec.name];
  const label = paramLabel(spec);
  const description = `${paramHelp(spec)}${cap ? ` At most ${cap.max.toLocaleString('en-US')} here.` : ''}`;
  const humanizeError = (message: string) => message.replace(new RegExp(`^${spec.name} `), `${label} `);
  if (spec.type === 'boolean') {
    const input = h('input', { type: 'checkbox', id, 'data-param': spec.name });
    input.checked = Boolean(value);
    input.addEventListener('change', () => onChange(input.checked));
    return h('label', { class: 'field check', title: description }, input, h('span', { class: 'field-label', text: label }));
  }
  const full = paramRange(spec);
  const range = full?.slider ? { min: full.min, max: full.max, step: full.step as number } : null;
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
    const error = fieldError(slider, `${id}-error`);
    slider.addEventListener('input', () => (output.textContent = Number(slider.value).toFixed(digits)));
    slider.addEventListener('change', () => {
      const checked = checkDatasetParam(spec, slider.value);
      if (!checked.ok) return error.show(humanizeError(checked.error));
      error.clear();
      onChange(checked.value);
    });
    return h(
      'div',
      { class: 'field', title: description },
      h('label', { class: 'field-label', for: id }, label, output),
      slider,
      error.element,
    );
  }
  const input = h('input', {
    type: 'number',
    id,
    'data-param': spec.name,
    min: full?.min,
    max: full && Number.isFinite(full.max) ? full.max : undefined,
    step: full?.step ?? 'any',
    inputmode: spec.type === 'int' ? 'numeric' : 'decimal',
  });
  input.value = String(value);
  const error = fieldError(input, `${id}-error`);
  input.addEventListener('change', () => {
    const checked = checkDatasetParam(spec, input.value);
    if (!checked.ok) return error.show(humanizeError(checked.error));
    error.clear();
    onChange(checked.value);
  });
  return h(
    'div',
    { class: 'field', title: description },
    h('label', { class: 'field-label', for: id, text: label }),
    input,
    error.element,
  );
}

function activationSelect(value: Activation, onChange: (a: Activation) => void, label: string): HTMLSelectElement {
  const select = h('select', { 'aria-label': label });
  for (const a of ACTIVATIONS) select.appendChild(h('option', { value: a, text: a }));
  select.value = value;
  select.addEventListener('change', () => onChange(select.value as Activation));
  return select;
}

function unitsStepper(value: number, onChange: (units: number) => void, onError: (message: string | null) => void, label: string): HTMLElement {
  const { min, max } = LIMITS.units;
  const input = h('input', { type: 'number', min, max, step: 1, 'aria-label': label, inputmode: 'numeric' });
  input.value = String(value);
  const set = (units: number): void => {
    if (!Number.isInteger(units) || units < min || units > max) {
      input.setAttribute('aria-invalid', 'true');
      onError(`${label} must be an integer in ${min}..${max}`);
      return;
    }
    input.removeAttribute('aria-invalid');
    onError(null);
    if (units !== value) onChange(units);
  };
  input.addEventListener('change', () => set(input.value.trim() === '' ? NaN : Number(input.value)));
  return h(
    'div',
    { class: 'stepper' },
    h('button', { type: 'button', text: '−', 'aria-label': `${label}: fewer`, disabled: value <= min, onclick: () => set(value - 1) }),
    input,
    h('button', { type: 'button', text: '+', 'aria-label': `${label}: more`, disabled: value >= max, onclick: () => set(value + 1) }),
  );
}

export interface LayerEditorHandlers {
  change(index: number, layer: LayerState): void;
  remove(index: number): void;
  error(message: string | null): void;
}

export function layerRow(index: number, layer: LayerState, handlers: LayerEditorHandlers): HTMLElement {
  const name = `Hidden ${index + 1}`;
  return h(
    'div',
    { class: 'layer', 'data-layer': index },
    h('span', { class: 'layer-name', text: name }),
    unitsStepper(layer.units, (units) => handlers.change(index, { ...layer, units }), handlers.error, `${name} units`),
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
