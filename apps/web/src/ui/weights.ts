/**
 * The weight editor: one unit's incoming weights and its bias as number fields (TF Playground
 * lets you set a weight by clicking it). A change is sent to the worker, which sets it on the
 * live model and repaints; while training runs it takes effect between two epochs. Escape (or ×)
 * closes it and gives the focus back to where it was opened from.
 */
import { h } from './dom.js';

export interface WeightTarget {
  /** Dense layer index (0 = first hidden layer; the last is the output layer). */
  layer: number;
  unit: number;
  title: string;
  /** Names of the layer's inputs (the previous layer's units). */
  inputs: string[];
  /** Units of the layer (the kernel's width). */
  units: number;
}

/** Largest weight a user may type (beyond it tanh/sigmoid units saturate anyway). */
export const WEIGHT_LIMIT = 100;

export class WeightEditor {
  private target: WeightTarget | null = null;
  private fields: HTMLInputElement[] = [];
  private bias: HTMLInputElement | null = null;

  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly onSet: (array: number, index: number, value: number) => void,
    private readonly onClose: () => void = () => {},
  ) {
    root.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.target) return;
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
    });
  }

  get open(): WeightTarget | null {
    return this.target;
  }

  /**
   * Opens the editor on a unit. `focusField`: the focus goes to the highlighted (or first) number
   * field, for keyboard and mouse; otherwise to the editor itself (after a tap: no on-screen
   * keyboard pops up). `returnFocus` gets the focus back when the editor closes.
   */
  show(target: WeightTarget, weights: Float32Array[] | null, highlight?: number, o: { focusField?: boolean; returnFocus?: HTMLElement | null } = {}): void {
    this.target = target;
    this.returnFocus = o.returnFocus ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    const kernel = weights?.[2 * target.layer];
    const biases = weights?.[2 * target.layer + 1];
    const error = h('p', { class: 'field-error', role: 'status', hidden: true });
    const field = (label: string, value: number | undefined, array: number, index: number): HTMLElement => {
      const input = h('input', { type: 'number', step: 0.01, min: -WEIGHT_LIMIT, max: WEIGHT_LIMIT, 'aria-label': label });
      input.value = value === undefined ? '' : value.toFixed(4);
      input.disabled = value === undefined;
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (input.value.trim() === '' || !Number.isFinite(v) || Math.abs(v) > WEIGHT_LIMIT) {
          input.setAttribute('aria-invalid', 'true');
          error.textContent = `${label} must be a number in -${WEIGHT_LIMIT}..${WEIGHT_LIMIT}`;
          error.hidden = false;
          return;
        }
        input.removeAttribute('aria-invalid');
        error.hidden = true;
        this.onSet(array, index, v);
      });
      return input;
    };
    this.fields = target.inputs.map((name, i) =>
      field(`Weight from ${name} to ${target.title}`, kernel?.[i * target.units + target.unit], 2 * target.layer, i * target.units + target.unit) as HTMLInputElement,
    );
    this.bias = field(`Bias of ${target.title}`, biases?.[target.unit], 2 * target.layer + 1, target.unit) as HTMLInputElement;
    const rows = target.inputs.map((name, i) =>
      h('label', { class: `weight-row${i === highlight ? ' highlight' : ''}` }, h('span', { text: `from ${name}` }), this.fields[i]!),
    );
    rows.push(h('label', { class: 'weight-row bias' }, h('span', { text: 'bias' }), this.bias));
    const head = [
      h(
        'div',
        { class: 'weight-head' },
        h('h3', { class: 'weight-title', text: `${target.title}: weights in` }),
        h('button', { type: 'button', class: 'btn icon small-icon', 'aria-label': 'Close the weight editor (Escape)', title: 'Close (Escape)', text: '×', onclick: () => this.close(true) }),
      ),
    ];
    if (!weights) head.push(h('p', { class: 'hint', text: 'The model is being initialised…' }) as unknown as HTMLDivElement);
    this.root.replaceChildren(...head, h('div', { class: 'weight-list' }, ...rows), error);
    this.root.hidden = false;
    const first = highlight !== undefined ? this.fields[highlight] : this.fields[0];
    const focus = o.focusField !== false && first ? first : this.root;
    focus.focus({ preventScroll: true });
    this.root.scrollIntoView({ block: 'nearest' });
  }

  /** Refreshes the values shown (except in the field being edited). */
  update(weights: Float32Array[] | null): void {
    const t = this.target;
    if (!t || !weights) return;
    const kernel = weights[2 * t.layer];
    const biases = weights[2 * t.layer + 1];
    if (!kernel || !biases) return;
    const active = document.activeElement;
    this.fields.forEach((input, i) => {
      if (input === active) return;
      input.disabled = false;
      input.value = kernel[i * t.units + t.unit]!.toFixed(4);
    });
    if (this.bias && this.bias !== active) {
      this.bias.disabled = false;
      this.bias.value = biases[t.unit]!.toFixed(4);
    }
  }

  /** Closes the editor; `restoreFocus` gives the focus back to where it was opened from. */
  close(restoreFocus = false): void {
    const wasOpen = this.target !== null;
    const back = this.returnFocus;
    const inside = this.root.contains(document.activeElement);
    this.target = null;
    this.fields = [];
    this.bias = null;
    this.returnFocus = null;
    this.root.hidden = true;
    this.root.replaceChildren();
    if (wasOpen && (restoreFocus || inside) && back?.isConnected) back.focus();
    if (wasOpen) this.onClose();
  }
}
