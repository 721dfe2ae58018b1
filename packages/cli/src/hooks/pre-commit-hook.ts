import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { UsageError } from "../cli-error.js";
import { runGit } from "../git/run-git.js";

/**
 * Installing `platform check --staged` as a git pre-commit hook without destroying what is
 * there. Two layouts:
 * - plain git hooks (`.git/hooks` or any `core.hooksPath`): our hook owns `pre-commit`; a
 *   foreign hook found there is kept as `pre-commit.local` and run first.
 * - husky (`.husky/`): husky owns the wrapper in `.husky/_`, people own `.husky/pre-commit`,
 *   so we add a marked block to the latter and remove exactly that block on uninstall.
 */

const MARKER = "platform:managed-hook";
const BLOCK_START = `# >>> ${MARKER} (added by \`platform hooks install\`; remove with \`platform hooks uninstall\`)`;
const BLOCK_END = `# <<< ${MARKER}`;
const LOCAL = "pre-commit.local";

export interface HookLayout {
  kind: "plain" | "husky";
  /** The file we write or edit. */
  file: string;
  root: string;
}

export interface HookOutcome {
  action: "installed" | "updated" | "uninstalled" | "not-installed";
  file: string;
  /** A foreign hook that is now chained (install) or restored (uninstall). */
  chained?: string;
}

export async function locateHook(cwd: string): Promise<HookLayout> {
  const result = await runGit(["rev-parse", "--show-toplevel", "--git-path", "hooks"], { cwd });
  const [root, hooksPath] = result.stdout.toString("utf8").trim().split("\n");
  if (result.code !== 0 || !root || !hooksPath) {
    throw new UsageError(
      `not a git repository: ${cwd}`,
      "run `platform hooks install` inside a git work tree",
    );
  }
  const hooksDir = resolve(cwd, hooksPath);
  const husky = join(root, ".husky");
  // Husky v9 points core.hooksPath at .husky/_, v4–8 at .husky. A .husky folder without
  // hooksPath yet (fresh clone before `npm install`) will be activated by husky's prepare script.
  const underHusky = hooksDir === husky || dirname(hooksDir) === husky;
  if (underHusky || (await isDirectory(husky))) {
    return { kind: "husky", file: join(husky, "pre-commit"), root };
  }
  return { kind: "plain", file: join(hooksDir, "pre-commit"), root };
}

/** The shell lines that find and run the CLI. Hooks run from the top of the work tree. */
export function runCheckLines(cliEntry: string): string[] {
  return [
    'if [ -x "./node_modules/.bin/platform" ]; then',
    "  ./node_modules/.bin/platform check --staged || exit $?",
    "elif command -v platform >/dev/null 2>&1; then",
    "  platform check --staged || exit $?",
    `elif [ -f ${shellQuote(cliEntry)} ]; then`,
    `  node ${shellQuote(cliEntry)} check --staged || exit $?`,
    "else",
    '  echo "platform pre-commit: the platform CLI is not installed here (npm install, or put it on PATH)." >&2',
    '  echo "To commit without the check: git commit --no-verify" >&2',
    "  exit 1",
    "fi",
  ];
}

export async function installHook(layout: HookLayout, cliEntry: string): Promise<HookOutcome> {
  return layout.kind === "husky"
    ? installHuskyBlock(layout.file, cliEntry)
    : installPlainHook(layout.file, cliEntry);
}

export async function uninstallHook(layout: HookLayout): Promise<HookOutcome> {
  return layout.kind === "husky" ? uninstallHuskyBlock(layout.file) : uninstallPlainHook(layout.file);
}

async function installPlainHook(file: string, cliEntry: string): Promise<HookOutcome> {
  const existing = await readText(file);
  const local = join(dirname(file), LOCAL);
  let chained: string | undefined;
  if (existing !== undefined && !existing.includes(MARKER)) {
    if ((await readText(local)) !== undefined) {
      throw new UsageError(
        `both ${file} and ${local} exist and neither was written by platform`,
        `merge them into one hook, then run \`platform hooks install\` again`,
      );
    }
    await rename(file, local);
    chained = local;
  }
  const script = [
    "#!/bin/sh",
    `# ${MARKER}: written by \`platform hooks install\`. \`platform hooks uninstall\` removes it and`,
    `# restores the hook that was here before (kept as ${LOCAL}, which runs first).`,
    'hooks_dir=$(dirname -- "$0")',
    `if [ -x "$hooks_dir/${LOCAL}" ]; then`,
    `  "$hooks_dir/${LOCAL}" "$@" || exit $?`,
    "fi",
    ...runCheckLines(cliEntry),
    "",
  ].join("\n");
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, script, { mode: 0o755 });
  await chmod(file, 0o755);
  return {
    action: existing?.includes(MARKER) ? "updated" : "installed",
    file,
    ...(chained ? { chained } : {}),
  };
}

async function uninstallPlainHook(file: string): Promise<HookOutcome> {
  const existing = await readText(file);
  if (existing === undefined || !existing.includes(MARKER)) return { action: "not-installed", file };
  await rm(file);
  const local = join(dirname(file), LOCAL);
  if ((await readText(local)) !== undefined) {
    await rename(local, file);
    return { action: "uninstalled", file, chained: file };
  }
  return { action: "uninstalled", file };
}

async function installHuskyBlock(file: string, cliEntry: string): Promise<HookOutcome> {
  const existing = await readText(file);
  const block = [BLOCK_START, ...runCheckLines(cliEntry), BLOCK_END].join("\n");
  if (existing === undefined) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `#!/bin/sh\n${block}\n`, { mode: 0o755 });
    return { action: "installed", file };
  }
  const without = removeBlock(existing);
  const updated = without !== existing;
  const base = without.endsWith("\n") || without === "" ? without : `${without}\n`;
  await writeFile(file, `${base}${block}\n`);
  return { action: updated ? "updated" : "installed", file, ...(updated ? {} : { chained: file }) };
}

async function uninstallHuskyBlock(file: string): Promise<HookOutcome> {
  const existing = await readText(file);
  if (existing === undefined || !existing.includes(MARKER)) return { action: "not-installed", file };
  const rest = removeBlock(existing);
  // We created the file if nothing but a shebang is left; then remove it entirely.
  if (rest.replace(/^#!.*\n?/, "").trim() === "") await rm(file);
  else await writeFile(file, rest);
  return { action: "uninstalled", file };
}

function removeBlock(text: string): string {
  const start = text.indexOf(BLOCK_START);
  const end = text.indexOf(BLOCK_END);
  if (start < 0 || end < start) return text;
  let after = end + BLOCK_END.length;
  if (text[after] === "\n") after++;
  return text.slice(0, start) + text.slice(after);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith("..") ? file : rel || basename(file);
}
