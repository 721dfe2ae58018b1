// "Did you mean …?" for names that are almost a known one: a typo in a rule or
// variable name otherwise surfaces as a bare "var x is unsafe".

/** Edit distance (insert, delete, substitute), stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * The closest candidate within a small edit distance, if any. Only close ones: for a name of
 * one or two characters every other short name is "one edit away" (`x` → `p`), which is noise,
 * so those get no suggestion.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const max = name.length <= 2 ? 0 : name.length <= 5 ? 1 : 2;
  if (max === 0) return undefined;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const c of candidates) {
    if (c === name || c.startsWith("$")) continue;
    const d = distance(name, c, max);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
