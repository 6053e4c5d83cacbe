/** Fixed, locale-free number formatting so the same input always gives the same SVG. */
export function num(value: number): string {
  // Two decimals are sub-pixel precise; `+ 0` turns -0 into 0.
  const rounded = Math.round(value * 100) / 100 + 0;
  return String(rounded);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text and attribute values for SVG/XML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** Formats a metric the way the tutorials' titles do ("%.3f"). */
export function fixed3(value: number): string {
  return value.toFixed(3);
}
