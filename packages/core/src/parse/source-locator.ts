import { type Document, isMap, isNode, isPair, isScalar, isSeq, type Node } from "yaml";
import type { Range } from "../diagnostics/diagnostic.js";
import { positionAt } from "../diagnostics/position.js";

export type FieldPath = ReadonlyArray<string | number>;

/**
 * Maps a field path such as ["scaling", "replicas"] to source ranges. Walking the YAML node tree
 * is cheap for one path, and only files with findings or `explain` requests ever ask.
 */
export class SourceLocator {
  static empty(text: string): SourceLocator {
    return new SourceLocator(text, undefined);
  }

  constructor(
    readonly text: string,
    private readonly doc: Document.Parsed | undefined,
  ) {}

  /** Range of the key for a mapping entry (array items: the item itself). Falls back to the nearest existing ancestor. */
  keyRange(path: FieldPath): Range {
    return this.find(path).key;
  }

  /** Range of the value at `path`, or of the nearest existing ancestor's key if the path is absent. */
  valueRange(path: FieldPath): Range {
    return this.find(path).value;
  }

  /** Whether every segment of `path` exists in the document. */
  has(path: FieldPath): boolean {
    return this.find(path).depth === path.length;
  }

  /** 1-based line of the key at `path`, or undefined when the path is not in the file. */
  lineOf(path: FieldPath): number | undefined {
    const found = this.find(path);
    return found.depth === path.length ? positionAt(this.text, found.key.start).line : undefined;
  }

  /**
   * The field path at a source offset (the deepest key or value containing it), e.g. for hover:
   * the offset of "512Mi" in `resources: { requests: { memory: 512Mi } }` gives
   * ["resources", "requests", "memory"]. Empty when the offset is outside every entry.
   */
  pathAt(offset: number): Array<string | number> {
    const path: Array<string | number> = [];
    let node: unknown = this.doc?.contents;
    const within = (range: readonly number[] | null | undefined) =>
      range !== null && range !== undefined && offset >= range[0]! && offset <= range[1]!;
    for (;;) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => (isNode(p.key) && within(p.key.range)) || (isNode(p.value) && within(p.value.range)),
        );
        if (!pair || !isScalar(pair.key)) return path;
        path.push(String(pair.key.value));
        if (isNode(pair.key) && within(pair.key.range)) return path;
        node = pair.value;
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => isNode(item) && within(item.range));
        if (index < 0) return path;
        path.push(index);
        node = node.items[index];
      } else {
        return path;
      }
    }
  }

  private find(path: FieldPath): { key: Range; value: Range; depth: number } {
    const root = this.doc?.contents;
    const rootRange = firstKeyRange(root) ?? { start: 0, end: 0 };
    let key = rootRange;
    let value = rootRange;
    let node: unknown = root;
    let depth = 0;
    for (const segment of path) {
      let next: { key: Range; node: unknown } | undefined;
      if (isMap(node)) {
        // Last match wins, like toJS with duplicate keys.
        const pair = node.items.findLast((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (pair && isNode(pair.key) && pair.key.range)
          next = { key: toRange(pair.key.range), node: pair.value };
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (isNode(item) && item.range) next = { key: toRange(item.range), node: item };
      }
      if (!next) break;
      key = next.key;
      value =
        isNode(next.node) && next.node.range && next.node.range[1] > next.node.range[0]
          ? toRange(next.node.range)
          : key;
      node = next.node;
      depth++;
    }
    return { key, value, depth };
  }
}

function toRange(range: [number, number, number]): Range {
  return { start: range[0], end: range[1] };
}

function firstKeyRange(root: Node | null | undefined): Range | undefined {
  if (!isMap(root)) return root?.range ? toRange(root.range) : undefined;
  const first = root.items[0];
  return isPair(first) && isNode(first.key) && first.key.range ? toRange(first.key.range) : undefined;
}
