/**
 * The feature stage of a spec: expressions over the raw input columns, computed before the first
 * Dense layer (TF Playground's X₁², X₁X₂, sin(X₁) …). A small parsed whitelist — nothing is ever
 * evaluated as code. No TF.js here: the fused engine and UI code use it without bundling TF.js.
 *
 * Grammar of one expression (whitespace allowed between tokens):
 *
 *   xK        the raw column K (0-based)
 *   xK^2      its square
 *   xK*xJ     the product of two columns
 *   sin(xK)   cos(xK)
 *
 * The canonical form has no spaces, writes a product with the smaller index first and a product
 * of a column with itself as `xK^2`; parseSpec stores features in canonical form.
 */
import { SpecError } from './errors.js';
import type { ModelSpec } from './types.js';

export type FeatureKind = 'identity' | 'square' | 'product' | 'sin' | 'cos';

/** One parsed expression: `a` (and `b` for a product, a < b) are raw column indices. */
export interface ParsedFeature {
  kind: FeatureKind;
  a: number;
  /** The second column of a product (always > a). */
  b?: number;
  /** Canonical text, e.g. `x0*x1`. */
  canonical: string;
}

/** The allowed forms, as error messages list them. */
export const FEATURE_FORMS = 'xK, xK^2, xK*xJ, sin(xK), cos(xK)';

type Token =
  | { type: 'ident'; text: string; at: number }
  | { type: 'quoted'; text: string; at: number }
  | { type: 'number'; text: string; at: number }
  | { type: '^' | '*' | '(' | ')' | ','; text: string; at: number };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9]+/y;
const IDENT_ONLY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const POSITIONAL = /^x(0|[1-9][0-9]*)$/;

class FeatureSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '^' || c === '*' || c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, at: i });
      i++;
      continue;
    }
    if (c === '"') {
      // A quoted column name; "" inside stands for one quote (the CSV convention).
      let name = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new FeatureSyntaxError('a quoted name is not closed (write a quote inside a name as "")');
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            name += '"';
            j += 2;
            continue;
          }
          break;
        }
        name += text[j];
        j++;
      }
      tokens.push({ type: 'quoted', text: name, at: i });
      i = j + 1;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      tokens.push({ type: 'number', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    throw new FeatureSyntaxError(`unexpected character "${c}"`);
  }
  return tokens;
}

/** Resolves a column reference token to a column index, or throws FeatureSyntaxError. */
type Resolver = (token: Token) => number;

function canonicalOf(kind: FeatureKind, a: number, b?: number): string {
  switch (kind) {
    case 'identity':
      return `x${a}`;
    case 'square':
      return `x${a}^2`;
    case 'product':
      return `x${a}*x${b}`;
    case 'sin':
    case 'cos':
      return `${kind}(x${a})`;
  }
}

function makeFeature(kind: FeatureKind, a: number, b?: number): ParsedFeature {
  if (kind === 'product' && b !== undefined) {
    if (a === b) return { kind: 'square', a, canonical: canonicalOf('square', a) };
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return { kind, a: lo, b: hi, canonical: canonicalOf(kind, lo, hi) };
  }
  return { kind, a, canonical: canonicalOf(kind, a) };
}

/** Parses one expression from tokens[0..]; the whole token list must be consumed. */
function parseTokens(tokens: readonly Token[], resolve: Resolver): ParsedFeature {
  let i = 0;
  const peek = () => tokens[i];
  const isRef = (t: Token | undefined) => t !== undefined && (t.type === 'ident' || t.type === 'quoted');
  const expectRef = (): number => {
    const t = tokens[i];
    if (!isRef(t)) throw new FeatureSyntaxError(t ? `expected a column, got "${t.text}"` : 'expected a column after the operator');
    i++;
    return resolve(t!);
  };
  const first = peek();
  if (!first) throw new FeatureSyntaxError('empty expression');
  let feature: ParsedFeature;
  if (first.type === 'ident' && (first.text === 'sin' || first.text === 'cos') && tokens[1]?.type === '(') {
    i = 2;
    const a = expectRef();
    if (peek()?.type !== ')') throw new FeatureSyntaxError(`${first.text}( takes one column and a closing ")"`);
    i++;
    feature = makeFeature(first.text, a);
  } else if (first.type === 'ident' && tokens[1]?.type === '(') {
    throw new FeatureSyntaxError(`unknown function "${first.text}" (only sin and cos)`);
  } else {
    const a = expectRef();
    const op = peek();
    if (op === undefined) {
      feature = makeFeature('identity', a);
    } else if (op.type === '^') {
      i++;
      const power = peek();
      if (power?.type !== 'number' || power.text !== '2') throw new FeatureSyntaxError(`only the power 2 is supported${power ? `, got ^${power.text}` : ''}`);
      i++;
      feature = makeFeature('square', a);
    } else if (op.type === '*') {
      i++;
      feature = makeFeature('product', a, expectRef());
    } else {
      throw new FeatureSyntaxError(`unexpected "${op.text}"`);
    }
  }
  const rest = peek();
  if (rest) {
    if (rest.type === '*' || rest.type === '^') throw new FeatureSyntaxError('one operation per expression (xK^2 or xK*xJ, not longer products or powers of products)');
    throw new FeatureSyntaxError(`unexpected "${rest.text}" after the expression`);
  }
  return feature;
}

function rangeText(input: number): string {
  if (input <= 0) return 'none';
  if (input === 1) return 'x0';
  if (input === 2) return 'x0, x1';
  return `x0 … x${input - 1}`;
}

/** The resolver of spec-form expressions: only `xK` with K < input. */
function positionalResolver(input: number): Resolver {
  return (token) => {
    if (token.type === 'quoted') throw new FeatureSyntaxError(`quoted names are not allowed in a spec: write columns as xK`);
    const m = POSITIONAL.exec(token.text);
    if (!m) throw new FeatureSyntaxError(`"${token.text}" is not a column: write columns as xK (x0, x1, …)`);
    const k = Number(m[1]);
    if (k >= input) throw new FeatureSyntaxError(`x${k} is out of range: the model has ${input} raw input${input === 1 ? '' : 's'} (${rangeText(input)})`);
    return k;
  };
}

function explain(expr: string, reason: string, input: number, names: boolean | 'only' = false): string {
  const columns = names === 'only' ? 'xK a column name' : names ? `xK a column name or one of ${rangeText(input)}` : `columns ${rangeText(input)}`;
  return `"${expr}": ${reason}; allowed forms: ${FEATURE_FORMS} (${columns})`;
}

/**
 * Parses one feature expression over `input` raw columns (`xK`, `xK^2`, `xK*xJ`, `sin(xK)`,
 * `cos(xK)`; whitespace allowed). Throws SpecError (MLPKIT_INVALID_INPUT) naming the expression,
 * the problem and the allowed forms, e.g. `feature "x0^3": only the power 2 is supported, got ^3;
 * allowed forms: …`.
 */
export function parseFeature(expr: string, input: number): ParsedFeature {
  if (typeof expr !== 'string') throw new SpecError(`feature must be a string like "x0^2", got ${typeof expr}`);
  try {
    return parseTokens(tokenize(expr), positionalResolver(input));
  } catch (error) {
    if (error instanceof FeatureSyntaxError) throw new SpecError(`feature ${explain(expr, error.message, input)}`);
    throw error;
  }
}

/** The canonical text of an expression (no spaces, `x1*x0` → `x0*x1`, `x0*x0` → `x0^2`). */
export function canonicalFeature(expr: string, input: number): string {
  return parseFeature(expr, input).canonical;
}

/**
 * Why `features` is not a valid feature list for `input` raw columns, one message per problem
 * (empty when valid): unparsable or out-of-range expressions and repeats (after canonicalising).
 * Used by the spec schema.
 */
export function featureListProblems(features: readonly unknown[], input: number): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  features.forEach((expr, i) => {
    if (typeof expr !== 'string') {
      problems.push(`features[${i}] must be a string like "x0^2"`);
      return;
    }
    try {
      const { canonical } = parseTokens(tokenize(expr), positionalResolver(input));
      const before = seen.get(canonical);
      if (before !== undefined) problems.push(`features[${i}] "${expr}" repeats features[${before}] (both are ${canonical})`);
      else seen.set(canonical, i);
    } catch (error) {
      if (!(error instanceof FeatureSyntaxError)) throw error;
      problems.push(`features[${i}] ${explain(expr, error.message, input)}`);
    }
  });
  return problems;
}

/** Width of the first Dense layer's input: `features.length` with a feature stage, else `input`. */
export function networkInputs(spec: Pick<ModelSpec, 'input' | 'features'>): number {
  return spec.features ? spec.features.length : spec.input;
}

const KIND_CODES: Record<FeatureKind, number> = { identity: 0, square: 1, product: 2, sin: 3, cos: 4 };

/**
 * Maps raw rows to the network's inputs: x is n × spec.input (row-major), the result n ×
 * features.length, each value computed in float64 from the float32 inputs and rounded once to
 * float32. Without `features` returns x itself (no copy). Throws SpecError for an x whose length
 * is not a multiple of spec.input, or an invalid expression.
 */
export function mapFeatures(spec: Pick<ModelSpec, 'input' | 'features'>, x: Float32Array): Float32Array {
  const features = spec.features;
  const f = spec.input;
  if (!features) return x;
  if (x.length % f !== 0) throw new SpecError(`x has ${x.length} values, not a multiple of the ${f} raw input${f === 1 ? '' : 's'}`);
  const parsed = features.map((e) => parseFeature(e, f));
  const m = parsed.length;
  const kinds = Int32Array.from(parsed, (p) => KIND_CODES[p.kind]);
  const as = Int32Array.from(parsed, (p) => p.a);
  const bs = Int32Array.from(parsed, (p) => p.b ?? 0);
  const n = x.length / f;
  const out = new Float32Array(n * m);
  for (let r = 0; r < n; r++) {
    const i = r * f;
    const o = r * m;
    for (let k = 0; k < m; k++) {
      const a = x[i + as[k]!]!;
      switch (kinds[k]) {
        case 0:
          out[o + k] = a;
          break;
        case 1:
          out[o + k] = a * a;
          break;
        case 2:
          out[o + k] = a * x[i + bs[k]!]!;
          break;
        case 3:
          out[o + k] = Math.sin(a);
          break;
        default:
          out[o + k] = Math.cos(a);
      }
    }
  }
  return out;
}

/** Splits a comma-separated token list into items with their source text (quoted names may hold commas). */
function splitList(text: string, tokens: readonly Token[]): Array<{ source: string; tokens: Token[] }> {
  const items: Array<{ source: string; tokens: Token[] }> = [];
  let current: Token[] = [];
  const close = (end: number) => {
    items.push({ source: current.length ? text.slice(current[0]!.at, end).trim() : '', tokens: current });
    current = [];
  };
  for (const t of tokens) {
    if (t.type === ',') close(t.at);
    else current.push(t);
  }
  close(text.length);
  return items;
}

/**
 * Turns a user's list of expressions written with column names into canonical `xK` expressions.
 * `text` is a comma-separated string (`petal_length^2, sin(petal_width), x0*x1`) or an array of
 * expressions; `columnNames` are the data's column names, in order (their count is the raw input
 * count). Rules for a column reference:
 * - a name made of letters, digits and `_` (not starting with a digit) is written as is;
 * - any other name (spaces, dots, dashes, …) is written in double quotes, with `""` for a quote
 *   inside it: `"sepal length (cm)"^2`;
 * - `xK` refers to column K unless a column is named exactly `xK` (names win); when any column
 *   has a name of that form (a headerless file whose label was column 0 names its features
 *   x1…xd), only names count and an `xK` that is no column's name is an error.
 * A name that several columns share can only be referenced as `xK`. An empty string gives [].
 * Throws SpecError naming the expression, the unknown column (listing the columns) or the syntax
 * problem and the allowed forms.
 */
export function featuresFromNames(text: string | readonly string[], columnNames: readonly string[]): string[] {
  const input = columnNames.length;
  const mode = columnNames.some((name) => POSITIONAL.test(name)) ? ('only' as const) : true;
  const counts = new Map<string, number>();
  for (const name of columnNames) counts.set(name, (counts.get(name) ?? 0) + 1);
  const resolve: Resolver = (token) => {
    const count = counts.get(token.text) ?? 0;
    if (count === 1) return columnNames.indexOf(token.text);
    if (count > 1) throw new FeatureSyntaxError(`${count} columns are named "${token.text}": refer to one of them as xK`);
    if (token.type === 'ident') {
      const m = POSITIONAL.exec(token.text);
      // Columns named like positions (a headerless file whose label was column 0 names its
      // features x1…xd): xK would be read two ways, so only the names count there.
      if (m && mode === 'only') {
        throw new FeatureSyntaxError(`no column is named "${token.text}"; the columns are ${columnNames.map((_, k) => describeName(k, columnNames, counts)).join(', ')} (here xK means the column of that name, not position K)`);
      }
      if (m) {
        const k = Number(m[1]);
        if (k < input) return k;
        throw new FeatureSyntaxError(`x${k} is out of range: the data has ${input} column${input === 1 ? '' : 's'} (${rangeText(input)})`);
      }
    }
    const listed = columnNames.map((_, k) => describeName(k, columnNames, counts)).join(', ');
    throw new FeatureSyntaxError(`unknown column "${token.text}"; columns: ${listed} (quote names that are not identifiers: "sepal length"^2)`);
  };
  const items: Array<{ source: string; tokens: Token[] }> = [];
  if (typeof text === 'string') {
    let tokens: Token[];
    try {
      tokens = tokenize(text);
    } catch (error) {
      if (error instanceof FeatureSyntaxError) throw new SpecError(`features ${explain(text, error.message, input, mode)}`);
      throw error;
    }
    if (tokens.length === 0) return [];
    items.push(...splitList(text, tokens));
  } else {
    for (const expr of text) {
      try {
        items.push({ source: expr, tokens: tokenize(expr) });
      } catch (error) {
        if (error instanceof FeatureSyntaxError) throw new SpecError(`feature ${explain(expr, error.message, input, mode)}`);
        throw error;
      }
    }
  }
  const out: string[] = [];
  items.forEach(({ source, tokens }, i) => {
    if (tokens.length === 0) throw new SpecError(`feature ${i + 1} of the list is empty (two commas in a row, or a trailing comma?)`);
    try {
      const canonical = parseTokens(tokens, resolve).canonical;
      const before = out.indexOf(canonical);
      if (before >= 0) throw new SpecError(`feature "${source}" repeats feature ${before + 1} (both are ${describeFeature(canonical, columnNames)})`);
      out.push(canonical);
    } catch (error) {
      if (error instanceof FeatureSyntaxError) throw new SpecError(`feature ${explain(source, error.message, input, mode)}`);
      throw error;
    }
  });
  return out;
}

/**
 * How describeFeature writes column k: its name (quoted unless an identifier), or xK when the
 * column has no name or shares it with another column.
 */
function describeName(k: number, columnNames: readonly string[], counts: Map<string, number>): string {
  const name = columnNames[k];
  if (name === undefined || (counts.get(name) ?? 0) !== 1) return `x${k}`;
  return IDENT_ONLY.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * A canonical expression written with column names, for display: `x0^2` → `petal_length^2`,
 * `sin(x1)` → `sin("sepal width (cm)")`. Names that are not identifiers are quoted (`""` for a
 * quote), shared names and columns without a name stay `xK`, so featuresFromNames reads the
 * result back to the same expression. Throws SpecError for an invalid expression.
 */
export function describeFeature(expr: string, columnNames: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of columnNames) counts.set(name, (counts.get(name) ?? 0) + 1);
  const parsed = parseFeature(expr, Math.max(columnNames.length, maxIndex(expr) + 1));
  const name = (k: number) => describeName(k, columnNames, counts);
  switch (parsed.kind) {
    case 'identity':
      return name(parsed.a);
    case 'square':
      return `${name(parsed.a)}^2`;
    case 'product':
      return `${name(parsed.a)}*${name(parsed.b!)}`;
    case 'sin':
    case 'cos':
      return `${parsed.kind}(${name(parsed.a)})`;
  }
}

/** The largest column index an expression mentions (−1 when none). */
function maxIndex(expr: string): number {
  let max = -1;
  for (const m of String(expr).matchAll(/\bx(\d+)\b/g)) max = Math.max(max, Number(m[1]));
  return max;
}
