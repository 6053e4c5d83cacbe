/**
 * A minimal XML parser for the SVG this package emits (elements, attributes, text; no comments
 * or CDATA). Throws on unbalanced tags, so parsing doubles as a well-formedness check.
 */
export interface SvgNode {
  name: string;
  attrs: Record<string, string>;
  children: SvgNode[];
  text: string;
  parent: SvgNode | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e] as string);
}

export function parseSvg(svg: string): SvgNode {
  const root: SvgNode = { name: '#root', attrs: {}, children: [], text: '', parent: null };
  let current = root;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let pos = 0;
  while (pos < svg.length) {
    tag.lastIndex = pos;
    match = tag.exec(svg);
    if (!match) throw new Error(`malformed SVG at offset ${pos}: ${svg.slice(pos, pos + 40)}`);
    pos = tag.lastIndex;
    const [, closing, name, attrText, selfClosing, textContent] = match;
    if (textContent !== undefined) {
      if (current !== root) current.text += decode(textContent);
      else if (textContent.trim()) throw new Error(`text outside the root element: ${textContent}`);
      continue;
    }
    if (closing) {
      if (current.name !== name) throw new Error(`</${name}> closes <${current.name}>`);
      current = current.parent as SvgNode;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key, value] of (attrText ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[key as string] = decode(value as string);
    const node: SvgNode = { name: name as string, attrs, children: [], text: '', parent: current };
    current.children.push(node);
    if (!selfClosing) current = node;
  }
  if (current !== root) throw new Error(`<${current.name}> is never closed`);
  if (root.children.length !== 1 || root.children[0]?.name !== 'svg') throw new Error('expected one <svg> root');
  return root.children[0];
}

export function all(node: SvgNode, predicate: (n: SvgNode) => boolean): SvgNode[] {
  const out: SvgNode[] = [];
  const visit = (n: SvgNode) => {
    if (predicate(n)) out.push(n);
    n.children.forEach(visit);
  };
  node.children.forEach(visit);
  return out;
}

export function hasClass(n: SvgNode, cls: string): boolean {
  return (n.attrs.class ?? '').split(/\s+/).includes(cls);
}

export function byClass(node: SvgNode, cls: string): SvgNode[] {
  return all(node, (n) => hasClass(n, cls));
}

export function one(node: SvgNode, cls: string): SvgNode {
  const found = byClass(node, cls);
  if (found.length !== 1) throw new Error(`expected one .${cls}, found ${found.length}`);
  return found[0] as SvgNode;
}

export function texts(node: SvgNode): string[] {
  return all(node, (n) => n.name === 'text').map((n) => n.text);
}

/** All x,y pairs of a path made of M/L/V/H commands with absolute coordinates. */
export function pathPoints(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
