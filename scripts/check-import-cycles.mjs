#!/usr/bin/env node
/**
 * Fails when a package's sources import each other in a circle (type-only imports count: a cycle
 * of types is still two modules that cannot be understood, or moved, apart). Run by `npm run lint`.
 * Usage: node scripts/check-import-cycles.mjs [dir ...]   (default: packages/<name>/src)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
const dirs =
  process.argv.length > 2
    ? process.argv.slice(2).map((d) => resolve(d))
    : readdirSync(join(repo, "packages"))
        .map((name) => join(repo, "packages", name, "src"))
        .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

/** Relative imports and re-exports of one file, as paths of files in `known`. */
function importsOf(file, known) {
  const text = readFileSync(file, "utf8");
  const out = [];
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gms)) {
    const base = resolve(dirname(file), match[1].replace(/\.js$/, ""));
    const target = [`${base}.ts`, join(base, "index.ts")].find((candidate) => known.has(candidate));
    if (target) out.push(target);
  }
  return out;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

let failed = false;
for (const dir of dirs) {
  const files = sourceFiles(dir);
  const known = new Set(files);
  const graph = new Map(files.map((file) => [file, importsOf(file, known)]));
  for (const component of cycles(graph)) {
    failed = true;
    const names = component.map((file) => relative(repo, file)).sort();
    console.error(`import cycle among: ${names.join(", ")}`);
  }
}
if (failed) {
  console.error("Break each cycle: move what both modules need into a module of its own.");
  process.exit(1);
}
console.log(`no import cycles in ${dirs.map((d) => relative(repo, d)).join(", ")}`);
