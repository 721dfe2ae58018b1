/**
 * `${dependencies.<name>.<output>}` placeholders in `env` values. Offsets are relative to the
 * value string; validation maps them into the manifest's text.
 */

export interface Placeholder {
  dependency: string;
  output: string;
  /** Offset of `${` in the value. */
  start: number;
  /** Offset just after `}`. */
  end: number;
  /** The placeholder as written. */
  text: string;
}

/** A value split into literal text and placeholders, in order. */
export type TemplatePart = { literal: string } | { placeholder: Placeholder };

const PLACEHOLDER = /\$\{\s*dependencies\.([A-Za-z0-9_-]*)\.?([A-Za-z0-9_-]*)\s*\}/g;

export function findPlaceholders(value: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const match of value.matchAll(PLACEHOLDER)) {
    const start = match.index ?? 0;
    found.push({
      dependency: match[1] ?? "",
      output: match[2] ?? "",
      start,
      end: start + match[0].length,
      text: match[0],
    });
  }
  return found;
}

export function templateParts(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const placeholder of findPlaceholders(value)) {
    if (placeholder.start > at) parts.push({ literal: value.slice(at, placeholder.start) });
    parts.push({ placeholder });
    at = placeholder.end;
  }
  if (at < value.length) parts.push({ literal: value.slice(at) });
  return parts;
}
