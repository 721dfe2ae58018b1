/** Levenshtein distance with an early exit once every cell in a row exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate, if it is close enough to be a plausible typo: at most a third of the
 * word's length (minimum 1, maximum 3 edits). Case-only differences always count.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === word.toLowerCase() && candidate !== word) return candidate;
    const distance = editDistance(word, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** " Did you mean "x"?" or the empty string, ready to splice into a message template. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? "" : ` Did you mean "${match}"?`;
}

/**
 * Like `didYouMean`, and also for short forms people type for names (`prod` for `production`,
 * `stg` for `staging`): a candidate the word is a prefix of, or whose letters it takes in order
 * from the start. Edit distance alone misses these (prod → production is 6 edits). Used for
 * names chosen by the org, such as environments, where abbreviations are the common mistake.
 */
export function didYouMeanName(word: string, candidates: readonly string[]): string {
  const close = closestMatch(word, candidates);
  if (close !== undefined) return ` Did you mean "${close}"?`;
  const lower = word.toLowerCase();
  const abbreviates = (candidate: string): boolean => {
    const c = candidate.toLowerCase();
    if (lower.length < 2 || c[0] !== lower[0]) return false;
    let at = 0;
    for (const ch of lower) {
      at = c.indexOf(ch, at);
      if (at < 0) return false;
      at++;
    }
    return true;
  };
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower) && lower.length >= 2);
  const matches = prefixed.length > 0 ? prefixed : candidates.filter(abbreviates);
  return matches.length === 1 ? ` Did you mean "${matches[0]}"?` : "";
}
