// Vitest global setup. dist/bin.js is a bundle that contains @platform-toolkit/core and
// @platform-toolkit/policy as they were built then (scripts/bundle.mjs); after rebuilding one of
// them with tsc alone, the tests would run the old code and fail (or pass) for reasons
// nobody can see. Stop with the fix instead. An unbundled bin.js (tsc only) always runs the
// current packages and is not checked.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packages = fileURLToPath(new URL("../..", import.meta.url));

function newestFile(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(js|cjs|wasm)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(path);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest;
}

export default function checkBundleFreshness(): void {
  const bin = join(packages, "cli", "dist", "bin.js");
  let text: string;
  try {
    text = readFileSync(bin, "utf8");
  } catch {
    return; // not built: the tests say so themselves
  }
  if (!text.includes('"./chunk-')) return;
  const bundled = statSync(bin).mtimeMs;
  for (const dependency of ["core", "policy"]) {
    const newest = newestFile(join(packages, dependency, "dist"));
    if (newest && newest.mtimeMs > bundled)
      throw new Error(
        `packages/cli/dist/bin.js bundles an older build of @platform-toolkit/${dependency} (${newest.path} is newer): rebuild the CLI with \`npm run build -w packages/cli\` (or \`npx turbo run build\`)`,
      );
  }
}
