/**
 * The ownership record, `DIR/.platform-render.json`: every file platform render wrote into an
 * output directory. It is what makes replacing and removing safe: nothing it does not list is
 * ever deleted, and a directory without it that holds anything is not ours to write into.
 */
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, normalize, sep } from "node:path";

/** The ownership record's file name, at the top of the output directory. */
export const OUTPUT_RECORD = ".platform-render.json";
/** Staging directories inside the output directory (left behind only if the process is killed). */
export const STAGING_PREFIX = ".platform-render-staging-";

/** A record entry must be a plain relative path: a tampered record must not make us delete `../x`. */
function validEntry(entry: unknown): entry is string {
  return (
    typeof entry === "string" &&
    entry !== "" &&
    !isAbsolute(entry) &&
    normalize(entry) === entry.split("/").join(sep) &&
    !entry.split("/").includes("..")
  );
}

export type OutputState = { owned: Set<string>; exists: boolean } | { refused: string };

export async function readOutputState(root: string, shown: string, force: boolean): Promise<OutputState> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { owned: new Set(), exists: false };
    if (code === "ENOTDIR")
      return { refused: `--out ${shown}: a parent of this path is a file, not a directory.` };
    throw error;
  }
  if (!info.isDirectory())
    return {
      refused: `--out ${shown} is an existing file, not a directory. Choose a directory (new, empty, or one platform render wrote before).`,
    };
  let text: string;
  try {
    text = await readFile(join(root, OUTPUT_RECORD), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    // Leftovers of our own runs (a staging folder, the lock) do not make a folder foreign.
    const entries = (await readdir(root)).filter(
      (n) => !n.startsWith(STAGING_PREFIX) && n !== ".platform-render.lock",
    );
    if (entries.length === 0 || force) return { owned: new Set(), exists: true };
    const shownEntries = entries.sort().slice(0, 5).join(", ") + (entries.length > 5 ? ", …" : "");
    return {
      refused: `--out ${shown} already contains files that platform render did not write (${shownEntries}) and has no ${OUTPUT_RECORD}. Render into a new or empty directory, or pass --force to write into it anyway (only the <service>/<env>/<target>/ directories being rendered are replaced; nothing else is deleted).`,
    };
  }
  let files: unknown;
  try {
    files = (JSON.parse(text) as { files?: unknown }).files;
  } catch {
    files = undefined;
  }
  if (!Array.isArray(files) || !files.every(validEntry)) {
    if (force) return { owned: new Set(), exists: true };
    return {
      refused: `${join(shown, OUTPUT_RECORD)} is damaged (expected {"files": [relative paths]}). Delete it and pass --force, or render into a new directory.`,
    };
  }
  return { owned: new Set(files), exists: true };
}

/** Written to a temporary name and renamed, so a reader never sees half a record. */
export async function writeRecord(root: string, files: Iterable<string>): Promise<void> {
  const temporary = join(root, `${OUTPUT_RECORD}.${randomBytes(4).toString("hex")}`);
  const body = { generator: "platform render", files: [...files].sort() };
  await writeFile(temporary, `${JSON.stringify(body, null, 1)}\n`);
  await rename(temporary, join(root, OUTPUT_RECORD));
}
