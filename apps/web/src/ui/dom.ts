/** A tiny element builder: the playground is small enough not to need a UI framework. */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  testid?: string;
  text?: string;
  title?: string;
  id?: string;
  [attribute: string]: string | number | boolean | undefined | ((event: Event) => void);
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') element.className = String(value);
    else if (key === 'testid') element.dataset.testid = String(value);
    else if (key === 'text') element.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value as (event: Event) => void);
    } else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Options of a <select>: [value, label, disabled?]. */
export function setOptions(
  select: HTMLSelectElement,
  options: ReadonlyArray<{ value: string; label: string; disabled?: boolean; group?: string; title?: string }>,
  selected: string,
): void {
  select.replaceChildren();
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const option of options) {
    const element = h('option', { value: option.value, text: option.label, disabled: option.disabled, title: option.title });
    if (option.group) {
      let group = groups.get(option.group);
      if (!group) {
        group = h('optgroup', { label: option.group });
        groups.set(option.group, group);
        select.appendChild(group);
      }
      group.appendChild(element);
    } else select.appendChild(element);
  }
  select.value = selected;
}

/** Formats a number compactly for stats (0.9731 → "0.973"). */
export function fmt(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}
