import { resolve, sep } from "node:path";

/**
 * The paths named on the command line under which nothing was found: no manifest and no
 * problem. A typo'd or ignored folder in a CI script must fail, not pass having checked nothing
 * (like eslint's "No files matching the pattern").
 */
export function pathsWithoutResults(
  cwd: string,
  paths: readonly string[],
  files: ReadonlyArray<{ absolutePath: string }>,
): string[] {
  return paths.filter((path) => {
    const absolute = resolve(cwd, path);
    const prefix = absolute.endsWith(sep) ? absolute : absolute + sep;
    return !files.some((file) => file.absolutePath === absolute || file.absolutePath.startsWith(prefix));
  });
}
