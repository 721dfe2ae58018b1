/**
 * Values from the org config and manifests reach the generated pipeline's shell steps
 * (`kubectl --context …`, `--env …`). The schema restricts them to their real syntax, and this
 * quotes them anyway, so a value that slipped through (`prod; curl … | sh`) stays one word.
 */

/** Characters that never need quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one POSIX shell word: as it is when it is safe, else single-quoted. */
export function shellWord(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `value` escaped for use inside a double-quoted shell string ("dir/$x" keeps `$x` literal). */
export function insideDoubleQuotes(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
}
