/**
 * Where output goes: stdout for results (or JSON under --json), stderr for progress, notes and
 * errors. Colour only when the stream is a TTY (and NO_COLOR is unset).
 */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

function colorEnabled(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && !process.argv.includes('--no-color');
}

export interface Terminal {
  /** Colours for stdout text. */
  out: Colors;
  /** Colours for stderr text. */
  err: Colors;
  print(text: string): void;
  note(text: string): void;
  json(value: unknown): void;
}

export function createTerminal(): Terminal {
  return {
    out: pc.createColors(colorEnabled(process.stdout)),
    err: pc.createColors(colorEnabled(process.stderr)),
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    note: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** A plain aligned text table (no colour codes inside cells, so widths are right). */
export function textTable(header: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - width(s)));
    return align[i] === 'r' ? gap + s : s + gap;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: code points (the table uses ✓, ✗, –, ≥ which are one column each). */
function width(s: string): number {
  return [...s].length;
}
