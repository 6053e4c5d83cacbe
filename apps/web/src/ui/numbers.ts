/** Number formatting for the page's labels (pure, unit-tested). */

/**
 * An axis-end value readable at any scale, with as many digits as the axis `span` needs to tell
 * its ends apart: 1.5 and −1.2 on a [−1.2, 1.5] axis, "2.0e-6" on a micro-scale one, "1.2e+6" on
 * a mega-scale one, never "0.0" for a non-zero value.
 */
export function formatAxisValue(value: number, span: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const width = Math.abs(span) > 0 && Number.isFinite(span) ? Math.abs(span) : magnitude;
  if (magnitude >= 1e5 || magnitude < 1e-3 || width < 1e-3) {
    // Digits so the span shows: at least 2 significant digits, more when the span is a small share of the value.
    const digits = Math.max(1, Math.min(6, Math.ceil(Math.log10(magnitude / width)) + 1));
    return value.toExponential(digits);
  }
  const decimals = Math.max(0, Math.min(6, 1 - Math.floor(Math.log10(width))));
  return value.toFixed(decimals);
}

/** "1.5 s", "240 ms": a duration in ms for a status line. */
export function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
