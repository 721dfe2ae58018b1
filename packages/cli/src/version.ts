import { readFileSync } from "node:fs";

export function cliVersion(): string {
  // dist/version.js -> ../package.json; read at run time because rootDir is src/.
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
