#!/usr/bin/env node
// Packs the `platform` CLI into one installable tarball, build/platform-toolkit-cli-<version>.tgz,
// and optionally installs it globally, so `platform` is on PATH outside this repository.
//
// Usage: npm run install-cli                        (build, pack, npm install -g)
//        node scripts/pack-cli.mjs                  (pack only; prints the tarball path)
//        node scripts/pack-cli.mjs --install [--prefix DIR]
//
// Why one tarball with the three packages inside, instead of `npm pack` per package: our
// packages are not published, so a packed @platform-toolkit/cli that depended on
// @platform-toolkit/core would send npm to the public registry for it, where the name is not
// ours to trust (the reason the scope was renamed). The tarball holds packages/{cli,core,policy}
// laid out as in this repository, because the bundled bin.js finds schemas, validators and the
// WebAssembly runtime beside their original files (see packages/cli/scripts/bundle.mjs); its
// only dependencies are the third-party libraries those packages use, from the registry.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const install = args.includes("--install");
const prefixAt = args.indexOf("--prefix");
const prefix = prefixAt >= 0 ? args[prefixAt + 1] : undefined;
if (prefixAt >= 0 && !prefix) fail("--prefix needs a directory");

const ours = ["cli", "core", "policy"];
const manifests = Object.fromEntries(
  ours.map((name) => [name, JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"))]),
);
for (const name of ours) {
  if (!existsSync(join(root, "packages", name, "dist")))
    fail(`packages/${name}/dist is missing: run \`npm run build\` first (npm run install-cli does)`);
}

function fail(message) {
  process.stderr.write(`pack-cli: ${message}\n`);
  process.exit(2);
}

/** The third-party runtime dependencies of our three packages, one version range each. */
function thirdPartyDependencies() {
  const deps = {};
  for (const name of ours) {
    for (const [dep, range] of Object.entries(manifests[name].dependencies ?? {})) {
      if (dep.startsWith("@platform-toolkit/")) continue;
      if (deps[dep] && deps[dep] !== range)
        fail(`${dep} is required as ${deps[dep]} and ${range}; use one range in every package`);
      deps[dep] = range;
    }
  }
  return Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const cli = manifests.cli;
const stage = mkdtempSync(join(tmpdir(), "platform-pack-"));
try {
  for (const name of ours) {
    const from = join(root, "packages", name);
    const to = join(stage, "packages", name);
    mkdirSync(to, { recursive: true });
    // The package's own `files` list decides what ships, as npm pack would.
    for (const entry of manifests[name].files ?? ["dist"]) {
      if (existsSync(join(from, entry)))
        cpSync(join(from, entry), join(to, entry), {
          recursive: true,
          filter: (path) => !path.endsWith(".map") && !path.endsWith(".tsbuildinfo"),
        });
    }
    const { name: pkgName, version, type } = manifests[name];
    writeFileSync(
      join(to, "package.json"),
      `${JSON.stringify({ name: pkgName, version, type, private: true }, null, 2)}\n`,
    );
  }
  const release = {
    name: cli.name,
    version: cli.version,
    description: cli.description,
    license: cli.license,
    type: "module",
    bin: { platform: "packages/cli/dist/bin.js" },
    files: ["packages"],
    engines: { node: ">=20" },
    dependencies: thirdPartyDependencies(),
  };
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(release, null, 2)}\n`);
  const out = join(root, "build");
  mkdirSync(out, { recursive: true });
  const packed = spawnSync("npm", ["pack", "--silent", "--pack-destination", out], {
    cwd: stage,
    encoding: "utf8",
  });
  if (packed.status !== 0) fail(`npm pack failed:\n${packed.stderr}`);
  const tarball = join(out, packed.stdout.trim().split("\n").pop());
  process.stdout.write(`${tarball}\n`);
  if (install) {
    const where = prefix ? ["--prefix", prefix] : [];
    process.stderr.write(`pack-cli: npm install -g ${where.join(" ")} ${tarball}\n`);
    const installed = spawnSync("npm", ["install", "-g", "--no-audit", "--no-fund", ...where, tarball], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (installed.status !== 0) fail("npm install -g failed (see above)");
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
