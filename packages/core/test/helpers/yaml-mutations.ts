/**
 * Deterministic mutation fuzzing for YAML inputs: the same seed gives the same texts on every
 * machine, so a failure found in CI reproduces locally.
 */

/** Characters that change how YAML reads a line: indicators, quotes, whitespace, scalars. */
export const YAML_SIGNIFICANT = [
  " ",
  "\t",
  "\n",
  ":",
  "-",
  "[",
  "]",
  "{",
  "}",
  "&",
  "*",
  "!",
  "#",
  "'",
  '"',
  "|",
  ">",
  "?",
  "x",
  "1",
];

export interface MutationOptions {
  seed: number;
  count: number;
  /** Each text gets 1..maxEdits edits (a replaced or inserted character). */
  maxEdits?: number;
  /** Added to YAML_SIGNIFICANT. */
  extraCharacters?: string[];
}

export function* yamlMutations(base: string, options: MutationOptions): Generator<string> {
  const alphabet = [...YAML_SIGNIFICANT, ...(options.extraCharacters ?? [])];
  let seed = options.seed;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < options.count; i++) {
    let text = base;
    const edits = 1 + Math.floor(random() * (options.maxEdits ?? 1));
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(random() * text.length);
      const ch = alphabet[Math.floor(random() * alphabet.length)]!;
      text =
        random() < 0.5
          ? text.slice(0, at) + ch + text.slice(at + 1)
          : text.slice(0, at) + ch + text.slice(at);
    }
    yield text;
  }
}
