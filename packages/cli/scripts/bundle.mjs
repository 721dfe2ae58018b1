#!/usr/bin/env node
// Bundles the compiled CLI (tsc's dist/bin.js and everything it imports, @platform-toolkit/core and
// @platform-toolkit/policy included) into dist/bin.js plus lazily loaded chunks beside it. Why: the
// pre-commit hook starts a new process on every commit, and resolving, reading and linking ~150
// separate ES modules and CommonJS files cost it about as much CPU as the check itself.
// tsc still type-checks and emits dist/ first (`npm run build`); this only rewrites bin.js and
// adds dist/chunk-*.js. The library entry (dist/index.js) stays unbundled.
//
// Files found next to a module at run time (schemas, precompiled validators, the wasm runtime,
// the CLI's package.json) are looked up through `import.meta.url`; in a chunk that would be the
// chunk's own URL. So every bundled module's `import.meta.url` is rewritten to the URL of the
// file it came from, relative to dist/ (where all chunks are written), which holds both in this
// monorepo and in an install (node_modules/@platform-toolkit/{cli,core,policy}).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const entry = join(dist, "bin.js");

// The input is tsc's bin.js; bundling the bundle would read chunks deleted below.
if (readFileSync(entry, "utf8").includes('"./chunk-')) {
  console.error("bundle: dist/bin.js is already a bundle; run `npm run build` (tsc first, then this)");
  process.exit(1);
}

// Chunks of the previous build: their names change with their content.
for (const name of readdirSync(dist)) {
  if (/^chunk-.*\.js(\.map)?$/.test(name)) rmSync(join(dist, name));
}

/** `import.meta.url` of bundled modules -> the URL of their original file, relative to the chunk. */
const originalModuleUrl = {
  name: "original-module-url",
  transform(code, id) {
    // Our packages are bundled from their real paths (packages/*/dist); node_modules code is
    // left alone (none of it reads files beside itself).
    if (id.startsWith("\0") || id.includes(`${sep}node_modules${sep}`) || !code.includes("import.meta.url"))
      return null;
    const path = relative(dist, id).split(sep).join("/");
    const href = JSON.stringify(path.startsWith(".") ? path : `./${path}`);
    return { code: code.replaceAll("import.meta.url", `new URL(${href}, import.meta.url).href`), map: null };
  },
};

const bundle = await rolldown({
  input: entry,
  platform: "node",
  // Node's own modules; opa-wasm is required through createRequire at run time (CommonJS).
  external: [/^node:/],
  plugins: [originalModuleUrl],
  logLevel: "warn",
});
await bundle.write({
  dir: dist,
  format: "esm",
  entryFileNames: "bin.js",
  chunkFileNames: "chunk-[name]-[hash].js",
  sourcemap: true,
});
await bundle.close();
