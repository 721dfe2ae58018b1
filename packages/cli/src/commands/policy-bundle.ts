/**
 * Writes an OPA bundle for the wasm target, as `opa build -t wasm` lays it out: a gzipped tar
 * with /policy.wasm, /data.json, /.manifest (entrypoints → module) and the Rego sources.
 * Any OPA-compatible loader (ours, `opa run --bundle`, the SDKs) can read it.
 */
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";

export interface BundleContents {
  wasm: Uint8Array;
  data: unknown;
  entrypoints: readonly string[];
  /** Rego sources, by bundle path. */
  modules: readonly { file: string; text: string }[];
  /** Builtins the consumer must supply (the plain SDK does not implement them). */
  hostBuiltins?: readonly string[];
}

export function bundleManifest(
  entrypoints: readonly string[],
  hostBuiltins: readonly string[] = [],
): Record<string, unknown> {
  return {
    revision: "",
    roots: [""],
    wasm: entrypoints.map((entrypoint) => ({ entrypoint, module: "/policy.wasm" })),
    // OPA keeps `metadata` opaque: a place for what a consumer of the bundle must know.
    ...(hostBuiltins.length > 0 ? { metadata: { host_builtins: [...hostBuiltins] } } : {}),
  };
}

export async function writeBundle(contents: BundleContents): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on("end", () => resolve());
    tar.on("error", reject);
  });
  // Fixed modification times keep the archive byte-for-byte reproducible.
  const add = (name: string, body: Uint8Array | string) =>
    new Promise<void>((resolve, reject) => {
      tar.entry({ name, mtime: new Date(0), mode: 0o644 }, Buffer.from(body), (err) =>
        err ? reject(err) : resolve(),
      );
    });
  await add("/.manifest", `${JSON.stringify(bundleManifest(contents.entrypoints, contents.hostBuiltins))}\n`);
  await add("/data.json", JSON.stringify(contents.data ?? {}));
  await add("/policy.wasm", contents.wasm);
  for (const m of contents.modules) await add(`/${m.file.replace(/^(\.\.\/)+|^\/+/g, "")}`, m.text);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}
