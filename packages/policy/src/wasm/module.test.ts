// The module builder + runtime against the unmodified @open-policy-agent/opa-wasm SDK.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import type * as OpaSdk from "@open-policy-agent/opa-wasm";
import { describe, expect, it } from "vitest";
import type { Policy, Stmt } from "../ir/types.js";
import { loadPolicy, loadPolicySync, PolicyEvalError } from "../load.js";
import { compilePolicy } from "./compile-policy.js";
import { buildWasm, InvalidPlanError } from "./module-builder.js";
import { builtinsNeededFromHost, moduleBuiltins } from "./module-builtins.js";
import { parseModule, readExports, readImports } from "./wasm-binary.js";

const sdk = createRequire(import.meta.url)("@open-policy-agent/opa-wasm") as typeof OpaSdk;

const fixture = (): Policy =>
  JSON.parse(
    readFileSync(new URL("../ir/testdata/all-statements.plan.json", import.meta.url), "utf8"),
  ) as Policy;

const DATA = { g0: { extra: true } };
const EXPECTED = {
  a: [null, true, "b"],
  b: [3.5],
  f: "hello",
  k: "b",
  len: 2,
  n: "hello",
  x: 42,
  y: [3.5, "a"],
};

const at = { file: 0, row: 3, col: 5 };
/** A plan `main` whose single block holds `stmts` (locals 0/1 are input/data). */
function planOf(stmts: Stmt[], strings: string[] = ["result"]): Policy {
  return {
    static: { strings: strings.map((value) => ({ value })), files: [{ value: "policy.rego" }] },
    plans: { plans: [{ name: "main", blocks: [{ stmts }] }] },
    funcs: { funcs: [] },
  };
}

/** `{"result": input}`: the smallest useful plan. */
const echoPlan = planOf([
  { type: "MakeObjectStmt", stmt: { target: 2, ...at } },
  {
    type: "ObjectInsertStmt",
    stmt: { object: 2, key: { type: "string_index", value: 0 }, value: { type: "local", value: 0 }, ...at },
  },
  { type: "ResultSetAddStmt", stmt: { value: 2, ...at } },
]);

describe("module structure", () => {
  const sections = parseModule(buildWasm(fixture()));
  const exportNames = readExports(sections.find((s) => s.id === 7)?.payload ?? new Uint8Array()).map(
    (e) => e.name,
  );

  it("exports the OPA WASM ABI 1.2 surface", () => {
    for (const name of [
      "opa_wasm_abi_version",
      "opa_wasm_abi_minor_version",
      "builtins",
      "entrypoints",
      "opa_malloc",
      "opa_free",
      "opa_json_parse",
      "opa_value_parse",
      "opa_json_dump",
      "opa_value_dump",
      "opa_heap_ptr_get",
      "opa_heap_ptr_set",
      "opa_eval",
      "opa_eval_ctx_new",
      "opa_eval_ctx_set_input",
      "opa_eval_ctx_set_data",
      "opa_eval_ctx_set_entrypoint",
      "opa_eval_ctx_get_result",
      "eval",
    ]) {
      expect(exportNames).toContain(name);
    }
  });

  it("imports only memory and the SDK's env functions", () => {
    const imports = readImports(sections.find((s) => s.id === 2)?.payload ?? new Uint8Array());
    const allowed = ["memory", "opa_abort", "opa_println", ...[0, 1, 2, 3, 4].map((n) => `opa_builtin${n}`)];
    for (const i of imports) {
      expect(i.module).toBe("env");
      expect(allowed).toContain(i.name);
    }
    expect(imports.find((i) => i.name === "memory")?.kind).toBe(2);
  });

  it("lists SDK-shadowed builtins as platform.<name>, or under their own names for plain SDKs", () => {
    const text =
      'package p\nimport rego.v1\nq := [sprintf("%d", [count(input)]), regex.match("a", "b"), yaml.marshal(1)]\n';
    const build = (shadowedBuiltins: "ours" | "sdk") =>
      compilePolicy([{ file: "p.rego", text }], { entrypoints: ["p/q"], shadowedBuiltins }).wasm!;
    // count is native, so it is not listed at all.
    expect(moduleBuiltins(build("ours"))).toEqual([
      "platform.sprintf",
      "platform.yaml.marshal",
      "regex.match",
    ]);
    expect(moduleBuiltins(build("sdk"))).toEqual(["regex.match", "sprintf", "yaml.marshal"]);
    expect(builtinsNeededFromHost(build("sdk"))).toEqual(["regex.match"]);
  });

  it("reports ABI version 1.2", async () => {
    const p = await sdk.loadPolicy(buildWasm(echoPlan));
    const exports = (p.wasmInstance as WebAssembly.Instance).exports;
    expect((exports.opa_wasm_abi_version as WebAssembly.Global).value).toBe(1);
    expect((exports.opa_wasm_abi_minor_version as WebAssembly.Global).value).toBe(2);
  });
});

describe("evaluation through the SDK", () => {
  it("runs every statement type (loadPolicy, async)", async () => {
    const p = await loadPolicy(buildWasm(fixture()), { data: DATA });
    const [entry] = p.evaluate({ x: "hello" });
    const result = entry?.result as Record<string, unknown>;
    expect(result).toMatchObject(EXPECTED);
    expect(result.merged).toEqual({ ...EXPECTED, extra: true });
  });

  it("gives the same answer with loadPolicySync", () => {
    const p = loadPolicySync(buildWasm(fixture()), { data: DATA });
    expect(p.evaluate({ x: "hello" })[0]?.result).toMatchObject(EXPECTED);
    // Undefined input: the function falls back to its default.
    expect(p.evaluate(undefined)[0]?.result).toMatchObject({ f: "a", n: "a", k: "b" });
  });

  it("uses the pre-1.2 eval path when the SDK takes it", () => {
    const p = sdk.loadPolicySync(buildWasm(fixture()));
    p.setData(DATA);
    // The SDK picks the ctx/eval/get_result path for modules reporting minor < 2.
    p.minorVersion = 1;
    expect(p.evaluate({ x: "hello" })[0]?.result).toMatchObject(EXPECTED);
  });

  it("keeps evaluations independent (heap reset between them)", () => {
    const p = loadPolicySync(buildWasm(echoPlan));
    for (let i = 0; i < 200; i++)
      expect(p.evaluate({ i, s: "x".repeat(i) })).toEqual([{ result: { i, s: "x".repeat(i) } }]);
  });

  it("grows memory for large inputs", () => {
    const p = loadPolicySync(buildWasm(echoPlan));
    const big = Array.from({ length: 100_000 }, (_, i) => ({ name: `item-${i}`, tags: ["a", "b"], n: i }));
    const [entry] = p.evaluate({ big });
    const result = entry?.result as { big: unknown[] } | undefined;
    expect(result?.big).toHaveLength(100_000);
    expect(p.evaluate({ small: true })).toEqual([{ result: { small: true } }]);
  });

  it("round-trips strings with escapes and non-ASCII text", () => {
    const p = loadPolicySync(buildWasm(echoPlan));
    const input = {
      s: 'quote " backslash \\ tab \t nl \n ü € 😀 \u0001',
      n: -1.5e-7,
      big: 2 ** 70,
    };
    expect(p.evaluate(input)).toEqual([{ result: input }]);
  });

  it("aborts with eval_conflict_error and the statement's location", () => {
    const conflict = planOf([
      { type: "AssignVarOnceStmt", stmt: { source: { type: "bool", value: true }, target: 2, ...at } },
      { type: "AssignVarOnceStmt", stmt: { source: { type: "bool", value: false }, target: 2, ...at } },
    ]);
    const p = loadPolicySync(buildWasm(conflict));
    let error: unknown;
    try {
      p.evaluate({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyEvalError);
    expect((error as PolicyEvalError).code).toBe("eval_conflict_error");
    expect((error as PolicyEvalError).message).toBe(
      "policy.rego:3: eval_conflict_error: complete rules must not produce multiple outputs",
    );
  });

  it("calls builtins the runtime lacks through opa_builtinN", () => {
    const plan = planOf(
      [
        {
          type: "CallStmt",
          stmt: { func: "test.shout", args: [{ type: "local", value: 0 }], result: 3, ...at },
        },
        { type: "MakeObjectStmt", stmt: { target: 2, ...at } },
        {
          type: "ObjectInsertStmt",
          stmt: {
            object: 2,
            key: { type: "string_index", value: 0 },
            value: { type: "local", value: 3 },
            ...at,
          },
        },
        { type: "ResultSetAddStmt", stmt: { value: 2, ...at } },
      ],
      ["result"],
    );
    const p = loadPolicySync(buildWasm(plan), {
      customBuiltins: { "test.shout": (s) => `${String(s).toUpperCase()}!` },
    });
    expect(p.evaluate("hi")).toEqual([{ result: "HI!" }]);
  });

  it("prefixes errors thrown by a JavaScript builtin with the call's file:row", () => {
    const plan = planOf([
      {
        type: "CallStmt",
        stmt: { func: "test.fail", args: [{ type: "local", value: 0 }], result: 3, ...at },
      },
    ]);
    const p = loadPolicySync(buildWasm(plan), {
      customBuiltins: {
        "test.fail": () => {
          throw new Error("eval_builtin_error: test.fail: no");
        },
      },
    });
    expect(() => p.evaluate(1)).toThrow("policy.rego:3: eval_builtin_error: test.fail: no");
    try {
      p.evaluate(1);
    } catch (e) {
      expect((e as PolicyEvalError).code).toBe("eval_builtin_error");
    }
  });

  it("refuses an invalid plan before building", () => {
    const bad = planOf([{ type: "BreakStmt", stmt: { index: 4, ...at } }]);
    expect(() => buildWasm(bad)).toThrow(InvalidPlanError);
  });
});

/** A ustar archive of the given files (enough for the loader's reader). */
function tar(files: Record<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const [name, body] of Object.entries(files)) {
    const h = new Uint8Array(512);
    const put = (s: string, off: number) => h.set(new TextEncoder().encode(s), off);
    put(name, 0);
    put("0000644\0", 100);
    put("0000000\0", 108);
    put("0000000\0", 116);
    put(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    put("00000000000\0", 136);
    put("        ", 148);
    put("0", 156);
    put("ustar\0", 257);
    put("00", 263);
    const sum = h.reduce((a, b) => a + b, 0);
    put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    chunks.push(h, body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  chunks.push(new Uint8Array(1024));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

describe("bundles", () => {
  // No module built by a real `opa build -t wasm` is available on this machine (no opa
  // binary); the bundle path is exercised with our own module in OPA's bundle layout.
  it("loads /policy.wasm with /data.json from a .tar.gz bundle", async () => {
    const bundle = gzipSync(
      tar({
        "/policy.wasm": buildWasm(fixture()),
        "/data.json": new TextEncoder().encode(JSON.stringify(DATA)),
      }),
    );
    const p = await loadPolicy(bundle);
    expect(p.evaluate({ x: "hello" })[0]?.result).toMatchObject({ ...EXPECTED, merged: { extra: true } });
  });

  it("says what is missing from a bundle without policy.wasm", async () => {
    const bundle = gzipSync(tar({ "/data.json": new TextEncoder().encode("{}") }));
    await expect(loadPolicy(bundle)).rejects.toThrow(/no \/policy\.wasm/);
  });
});

describe("print", () => {
  it("writes through the host's opa_println", () => {
    const printPlan = planOf(
      [
        { type: "MakeSetStmt", stmt: { target: 3, ...at } },
        { type: "SetAddStmt", stmt: { set: 3, value: { type: "string_index", value: 1 }, ...at } },
        { type: "MakeSetStmt", stmt: { target: 4, ...at } },
        { type: "SetAddStmt", stmt: { set: 4, value: { type: "local", value: 0 }, ...at } },
        { type: "MakeSetStmt", stmt: { target: 5, ...at } },
        { type: "MakeArrayStmt", stmt: { target: 6, capacity: 3, ...at } },
        { type: "ArrayAppendStmt", stmt: { array: 6, value: { type: "local", value: 3 }, ...at } },
        { type: "ArrayAppendStmt", stmt: { array: 6, value: { type: "local", value: 4 }, ...at } },
        { type: "ArrayAppendStmt", stmt: { array: 6, value: { type: "local", value: 5 }, ...at } },
        {
          type: "CallStmt",
          stmt: { func: "internal.print", args: [{ type: "local", value: 6 }], result: 7, ...at },
        },
      ],
      ["result", "hello"],
    );
    const lines: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => {
      lines.push(args.join(" "));
    };
    try {
      loadPolicySync(buildWasm(printPlan)).evaluate({ n: [1, "x"] });
    } finally {
      console.log = original;
    }
    expect(lines).toEqual(['hello {"n":[1,"x"]} <undefined>']);
  });
});

describe("raw ABI exports", () => {
  interface Exports {
    opa_malloc(n: number): number;
    opa_json_parse(p: number, n: number): number;
    opa_value_parse(p: number, n: number): number;
    opa_json_dump(v: number): number;
    opa_value_dump(v: number): number;
  }
  const instance = () => {
    const p = sdk.loadPolicySync(buildWasm(echoPlan));
    return { exports: (p.wasmInstance as WebAssembly.Instance).exports as unknown as Exports, mem: p.mem };
  };
  const put = (x: ReturnType<typeof instance>, text: string) => {
    const bytes = new TextEncoder().encode(text);
    const at = x.exports.opa_malloc(bytes.length);
    new Uint8Array(x.mem.buffer).set(bytes, at);
    return [at, bytes.length] as const;
  };
  const cString = (x: ReturnType<typeof instance>, at: number) => {
    const b = new Uint8Array(x.mem.buffer);
    let end = at;
    while (b[end] !== 0) end++;
    return new TextDecoder().decode(b.subarray(at, end));
  };

  it("parses Rego term syntax with sets and dumps it back (value) or as JSON arrays (json)", () => {
    const x = instance();
    const v = x.exports.opa_value_parse(
      ...put(x, '{"s": {3, "a", 1, 1}, "e": set(), "o": {"k": [true, null]}}'),
    );
    expect(v).not.toBe(0);
    expect(cString(x, x.exports.opa_value_dump(v))).toBe('{"e":set(),"o":{"k":[true,null]},"s":{1,3,"a"}}');
    expect(cString(x, x.exports.opa_json_dump(v))).toBe('{"e":[],"o":{"k":[true,null]},"s":[1,3,"a"]}');
  });

  it("returns 0 for malformed JSON instead of trapping", () => {
    const x = instance();
    for (const bad of ['{"a":', "[1,,2]", '"unterminated', "tru", "{1, 2}", "01x"]) {
      expect(x.exports.opa_json_parse(...put(x, bad))).toBe(0);
    }
  });
});

describe("large plans", () => {
  it("embeds a plan bigger than the SDK's initial 5-page memory (passive segment, grown at start)", () => {
    const big = "x".repeat(600_000);
    const plan = planOf(
      [
        { type: "MakeObjectStmt", stmt: { target: 2, ...at } },
        {
          type: "ObjectInsertStmt",
          stmt: {
            object: 2,
            key: { type: "string_index", value: 0 },
            value: { type: "string_index", value: 1 },
            ...at,
          },
        },
        { type: "ResultSetAddStmt", stmt: { value: 2, ...at } },
      ],
      ["result", big],
    );
    const wasm = buildWasm(plan);
    expect(wasm.length).toBeGreaterThan(5 * 65536);
    const [entry] = loadPolicySync(wasm).evaluate({});
    expect(String(entry?.result).length).toBe(600_000);
  });
});

describe("JSON objects", () => {
  it("keeps the last of duplicate keys and sorts keys in any input order", () => {
    const p = loadPolicySync(buildWasm(echoPlan));
    const raw = new TextEncoder().encode('{"b":1,"a":2,"b":3,"c":{"z":1,"y":2,"z":9}}');
    expect(p.evaluate(raw.buffer)).toEqual([{ result: { a: 2, b: 3, c: { y: 2, z: 9 } } }]);
  });

  it("parses a 50,000-key object in unsorted order", () => {
    const p = loadPolicySync(buildWasm(echoPlan));
    const n = 50_000;
    const big = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${(i * 7919) % n}`, i]));
    const [entry] = p.evaluate(big);
    const result = entry?.result as Record<string, number> | undefined;
    expect(Object.keys(result ?? {})).toHaveLength(n);
    expect(result?.k7919).toBe(big.k7919);
  });
});

describe("term-syntax input", () => {
  it("accepts Rego term text (sets, trailing commas) as an ArrayBuffer through the SDK", () => {
    const p = loadPolicySync(buildWasm(echoPlan));
    const text = '{ "graph": { "a": {"b", "c",}, "b": set(), }, "list": [1, 2,], }';
    const [entry] = p.evaluate(new TextEncoder().encode(text).buffer);
    expect(entry?.result).toEqual({ graph: { a: ["b", "c"], b: [] }, list: [1, 2] });
  });
});
