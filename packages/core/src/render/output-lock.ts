/**
 * One render at a time per output directory. Two renders into one folder could both succeed
 * and leave a mix of their files; the second now waits for nothing and is refused instead.
 * The lock is a file created exclusively (`wx`) holding the owner's pid. A lock whose process
 * is gone (the run was killed) is taken over, and then the staging folders that run left
 * behind are removed: holding the lock proves nobody else is using them.
 */
import { readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { STAGING_PREFIX } from "./output-record.js";

export const OUTPUT_LOCK = ".platform-render.lock";

export interface OutputLock {
  release(): Promise<void>;
}

/** Takes the lock of `root` (which must exist), or says who holds it. */
export async function lockOutputDir(root: string, shown: string): Promise<OutputLock | string> {
  const path = join(root, OUTPUT_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx" });
      await removeLeftovers(root);
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
      return `--out ${shown} is being written by another platform render (pid ${holder}). Wait for it to finish; if no render is running, delete ${join(shown, OUTPUT_LOCK)}.`;
    await rm(path, { force: true }); // its owner was killed: the lock is ours to take
  }
  return `--out ${shown}: could not take ${OUTPUT_LOCK} (another render keeps taking it). Try again.`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}

/** Staging folders of killed runs (only ever ours to remove while we hold the lock). */
async function removeLeftovers(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (name.startsWith(STAGING_PREFIX)) await rm(join(root, name), { recursive: true, force: true });
  }
}
