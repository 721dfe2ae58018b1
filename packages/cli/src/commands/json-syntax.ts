/**
 * Where a JSON text stops being JSON, for error messages: `JSON.parse` in Node 20 often says
 * only "Unexpected token" with no position. Runs only after `JSON.parse` has failed.
 */

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the first character that cannot continue the document. */
  offset: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let pos = 0;
  const found = () => (pos >= text.length ? "the end of the file" : `\`${text[pos]}\``);
  const fail = (expected: string): never => {
    throw new Stop(pos, `expected ${expected}, found ${found()}`);
  };
  const space = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos] ?? "")) pos++;
  };
  const string = () => {
    pos++; // opening quote
    while (pos < text.length && text[pos] !== '"') {
      const c = text.charCodeAt(pos);
      if (c < 0x20) fail('a closing `"` (control characters must be escaped)');
      if (text[pos] === "\\") {
        pos++;
        if (text[pos] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 1, pos + 5))) pos += 5;
        else if (pos < text.length && '"\\/bfnrt'.includes(text[pos] ?? "")) pos++;
        else fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
      } else pos++;
    }
    if (pos >= text.length) fail('a closing `"`');
    pos++;
  };
  const sticky = (re: RegExp): boolean => {
    re.lastIndex = pos;
    if (!re.test(text)) return false;
    pos = re.lastIndex;
    return true;
  };
  const member = () => {
    space();
    if (text[pos] !== '"') fail("a property name in double quotes");
    string();
    space();
    if (text[pos] !== ":") fail("`:`");
    pos++;
    value();
  };
  const value = (): void => {
    space();
    const c = text[pos];
    if (c === "{") members("}", member);
    else if (c === "[") members("]", value);
    else if (c === '"') string();
    else if (!sticky(NUMBER) && !sticky(LITERAL))
      fail("a value (object, array, string, number, true, false or null)");
  };
  const members = (close: string, item: () => void) => {
    pos++;
    space();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[pos] === ",") {
        pos++;
        space();
        if (text[pos] === close)
          fail(
            close === "}"
              ? "a property name (no trailing commas in JSON)"
              : "a value (no trailing commas in JSON)",
          );
        continue;
      }
      if (text[pos] === close) {
        pos++;
        return;
      }
      fail(`\`,\` or \`${close}\``);
    }
  };
  try {
    value();
    space();
    if (pos < text.length) fail("the end of the document");
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.reason };
    throw e;
  }
}

/** 1-based line and column (in UTF-16 units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
