/**
 * Go regular expressions, with Go's syntax and linear-time matching, through re2js (a pure JS
 * port of RE2, the engine Go's regexp package is modelled on). V8's backtracking RegExp would
 * accept patterns Go rejects (lookaround, backreferences) and can take exponential time on
 * input a policy does not control (`(a+)+$` against "aaaa…b" takes minutes); RE2 cannot.
 * Parse errors carry Go's own wording ("error parsing regexp: missing closing ]: `[`").
 */
import { RE2JS, RE2JSException } from "re2js";

export class GoRegexpSyntaxError extends Error {}

export type GoRegexp = RE2JS;

const cache = new Map<string, RE2JS>();

/** Compile a Go regexp (cached); throws GoRegexpSyntaxError with Go's message. */
export function compileGoRegexp(pattern: string): GoRegexp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    if (err instanceof RE2JSException) throw new GoRegexpSyntaxError(err.message);
    throw err;
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Go's MatchString: is there a match anywhere in `s`? */
export function matchesGo(re: GoRegexp, s: string): boolean {
  return re.matcher(s).find();
}

export interface GoMatch {
  start: number;
  end: number;
  /** Capture groups 1..n; undefined when a group did not participate. */
  groups: (string | undefined)[];
  named: Record<string, string | undefined>;
}

/** Go's FindAll: at most `n` matches (n < 0: all), no empty match right after a previous match. */
export function findAllGo(re: GoRegexp, s: string, n: number): GoMatch[] {
  const m = re.matcher(s);
  const names = Object.entries(re.namedGroups());
  const out: GoMatch[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length && m.find(pos)) {
    const start = m.start();
    const end = m.end();
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(start);
      pos = start + (cp !== undefined && cp > 0xffff ? 2 : 1);
    } else pos = end;
    prevEnd = end;
    if (!accept) continue;
    const groups: (string | undefined)[] = [];
    for (let g = 1; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
    const named: Record<string, string | undefined> = {};
    for (const [name, index] of names) named[name] = groups[index - 1];
    out.push({ start, end, groups, named });
  }
  return out;
}
