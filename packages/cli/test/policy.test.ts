/**
 * `platform policy test|build|eval`, run as users run it: the built CLI in a child process, on
 * real .rego files in a temporary directory.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { loadPolicy as loadWithPlainSdk } from "@open-policy-agent/opa-wasm";
import { createCustomBuiltins, readBundle } from "@platform-toolkit/policy";
import { extract } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, writeFiles } from "./helpers.js";

const authz = `package authz

import rego.v1

default allow := false

allow if input.user.role == "admin"

allow if {
	input.method == "GET"
	startswith(input.path, "/public/")
}

reasons contains msg if {
	not allow
	msg := sprintf("%s %s denied for %s", [input.method, input.path, data.names[input.user.id]])
}
`;

const authzTests = `package authz_test

import rego.v1
import data.authz

test_admin_allowed if authz.allow with input as {"user": {"role": "admin"}}

test_public_read_allowed if {
	authz.allow with input as {"method": "GET", "path": "/public/a", "user": {}}
}

test_post_denied if not authz.allow with input as {"method": "POST", "path": "/a", "user": {}}

todo_test_audit_log if false
`;

const failing = `package authz_failing_test

import rego.v1
import data.authz

test_expects_too_much if {
	print("checking POST /a as", "anonymous")
	authz.allow with input as {"method": "POST", "path": "/a", "user": {}}
}

test_reason_mentions_user if {
	some msg in authz.reasons with input as {"method": "POST", "path": "/a", "user": {"id": "u1"}}
	contains(msg, "Ada")
}
`;

/** The /.manifest of a bundle, read with a tar reader other than ours. */
async function bundleFileNames(path: string): Promise<string[]> {
  const tar = extract();
  const names: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    tar.on("entry", (header, stream, next) => {
      names.push(header.name.replace(/^\//, ""));
      stream.on("end", next);
      stream.resume();
    });
    tar.on("finish", resolve);
    tar.on("error", reject);
  });
  tar.end(gunzipSync(readFileSync(path)));
  await done;
  return names.sort();
}

async function bundleManifest(path: string): Promise<Record<string, unknown>> {
  const tar = extract();
  let manifest = "";
  const done = new Promise<void>((resolve, reject) => {
    tar.on("entry", (header, stream, next) => {
      stream.on("data", (chunk) => {
        if (header.name.replace(/^\//, "") === ".manifest") manifest += (chunk as Buffer).toString("utf8");
      });
      stream.on("end", next);
    });
    tar.on("finish", resolve);
    tar.on("error", reject);
  });
  tar.end(gunzipSync(readFileSync(path)));
  await done;
  return JSON.parse(manifest) as Record<string, unknown>;
}

/** Durations vary run to run; goldens hold a placeholder. */
const stable = (s: string) => s.replace(/\(\d+(\.\d+)?(ns|µs|ms|s)\)/g, "(DURATION)");

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("policy"));
  await writeFiles(dir, {
    "policies/authz.rego": authz,
    "policies/authz_test.rego": authzTests,
    "policies/names/data.json": JSON.stringify({ u1: "Ada" }),
    "failing/authz_failing_test.rego": failing,
    "broken/broken.rego": "package broken\n\nimport rego.v1\n\nallow if {\n\tuser == input.user\n}\n",
    "request.json": JSON.stringify({ method: "POST", path: "/a", user: { id: "u1" } }),
    "extra.yaml": "names:\n  u2: Grace\n",
    "not-json.json": "{ method: POST }",
  });
});

afterAll(async () => {
  await cleanup();
});

describe("platform policy test", () => {
  it("passes when every test passes, listing them with -v", async () => {
    const r = await runCli(["policy", "test", "policies", "-v"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    await expect(stable(r.stdout)).toMatchFileSnapshot("__golden__/cli/policy-test.verbose.txt");
  });

  it("exits 1 and shows only failures without -v", async () => {
    const r = await runCli(["policy", "test", "policies", "failing"], { cwd: dir });
    expect(r.code).toBe(1);
    await expect(stable(r.stdout)).toMatchFileSnapshot("__golden__/cli/policy-test.failing.txt");
  });

  it("reports JSON like opa test --format json", async () => {
    const r = await runCli(
      ["policy", "test", "policies", "failing", "--format", "json", "--run", "allowed|too_much"],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as {
      name: string;
      fail?: boolean;
      duration: number;
      location: object;
    }[];
    expect(results.map((t) => [t.name, t.fail ?? false])).toEqual([
      ["test_admin_allowed", false],
      ["test_public_read_allowed", false],
      ["test_expects_too_much", true],
    ]);
    expect(results[0]?.location).toEqual({ file: "policies/authz_test.rego", row: 6, col: 1 });
    expect(results.every((t) => typeof t.duration === "number")).toBe(true);
  });

  it("prints compile errors with file:row:col and exits 1", async () => {
    const r = await runCli(["policy", "test", "broken"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    await expect(r.stderr).toMatchFileSnapshot("__golden__/cli/policy-test.compile-error.txt");
  });

  it("exits 2 for a path that does not exist or a bad --run pattern", async () => {
    const missing = await runCli(["policy", "test", "nowhere"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("path not found: nowhere");
    const badRegex = await runCli(["policy", "test", "policies", "--run", "("], { cwd: dir });
    expect(badRegex.code).toBe(2);
    expect(badRegex.stderr).toContain("--run: not a valid regular expression");
  });
});

describe("platform policy build and eval", () => {
  it("writes an OPA wasm bundle that eval and the SDK loader read back", async () => {
    const r = await runCli(
      ["policy", "build", "policies", "-e", "authz/allow", "-e", "data.authz.reasons", "-o", "authz.tar.gz"],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote authz\.tar\.gz \(\d+ bytes\): 2 entrypoints \(authz\/allow, authz\/reasons\), 1 module\n$/,
    );
    const bundle = readBundle(readFileSync(join(dir, "authz.tar.gz")));
    expect(Buffer.from(bundle.wasm.subarray(0, 4)).toString("latin1")).toBe("\0asm");
    expect(bundle.data).toEqual({ names: { u1: "Ada" } });

    const evaluated = await runCli(
      ["policy", "eval", "authz.tar.gz", "-e", "authz/reasons", "-i", "request.json"],
      {
        cwd: dir,
      },
    );
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toEqual([{ result: ["POST /a denied for Ada"] }]);
  });

  it("leaves *_test.rego out of the bundle (tests run with policy test, they do not ship)", async () => {
    await writeFiles(dir, {
      "tested/p.rego": "package tested\n\nimport rego.v1\n\nallow if input.ok\n",
      "tested/p_test.rego":
        'package tested_test\n\nimport rego.v1\n\ntest_allow if data.tested.allow with input as {"ok": true}\n',
    });
    const r = await runCli(["policy", "build", "tested", "-e", "tested/allow", "-o", "tested.tar.gz"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/, 1 module\n$/);
    const names = await bundleFileNames(join(dir, "tested.tar.gz"));
    expect(names.filter((n) => n.endsWith(".rego"))).toEqual(["tested/p.rego"]);
    const onlyTests = await runCli(["policy", "build", "tested/p_test.rego", "-e", "tested/allow"], {
      cwd: dir,
    });
    expect(onlyTests.code).toBe(2);
    expect(onlyTests.stderr).toContain("only test files");
  });

  it("writes bundles that the plain OPA SDK runs, sprintf included (no custom builtins)", async () => {
    await writeFiles(dir, {
      "plain/p.rego":
        'package plain\n\nimport rego.v1\n\nmsg := sprintf("%s has %d items", [input.name, count(input.items)])\n',
    });
    const r = await runCli(["policy", "build", "plain", "-e", "plain/msg", "-o", "plain.tar.gz"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const bundle = readBundle(readFileSync(join(dir, "plain.tar.gz")));
    expect(await bundleManifest(join(dir, "plain.tar.gz"))).not.toHaveProperty("metadata");
    const sdk = await loadWithPlainSdk(bundle.wasm);
    expect(sdk.evaluate({ name: "cart", items: [1, 2] }, "plain/msg")).toEqual([
      { result: "cart has 2 items" },
    ]);
  });

  it("names the builtins a bundle needs from its host, on stderr and in the manifest", async () => {
    await writeFiles(dir, {
      "hosted/p.rego":
        'package hosted\n\nimport rego.v1\n\nok if {\n\tregex.match("^a", input.name)\n\tglob.match("*.io", [], input.host)\n}\n',
    });
    const r = await runCli(["policy", "build", "hosted", "-e", "hosted/ok", "-o", "hosted.tar.gz"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    await expect(r.stderr).toMatchFileSnapshot("__golden__/cli/policy-build.host-builtins.txt");
    const bundle = readBundle(readFileSync(join(dir, "hosted.tar.gz")));
    expect(await bundleManifest(join(dir, "hosted.tar.gz"))).toMatchObject({
      metadata: { host_builtins: ["glob.match", "regex.match"] },
    });
    const input = { name: "ab", host: "x.io" };
    const bare = await loadWithPlainSdk(bundle.wasm);
    expect(() => bare.evaluate(input, "hosted/ok")).toThrow(
      /not implemented: built-in function \d+: (glob|regex)\.match/,
    );
    const supplied = await loadWithPlainSdk(bundle.wasm, undefined, createCustomBuiltins());
    expect(supplied.evaluate(input, "hosted/ok")).toEqual([{ result: true }]);
  });

  it("evaluates Rego sources with extra data and prints the result set", async () => {
    const r = await runCli(
      ["policy", "eval", "policies", "-e", "data.authz.reasons", "-i", "request.json", "-d", "extra.yaml"],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ result: ["POST /a denied for Ada"] }]);
  });

  it("keeps stdout one JSON document: print() output goes to stderr", async () => {
    await writeFiles(dir, {
      "printing/p.rego": 'package p\n\nimport rego.v1\n\nq := 1 if print("évaluated")\n',
    });
    const r = await runCli(["policy", "eval", "printing", "-e", "p/q"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ result: 1 }]);
    expect(r.stderr).toBe("évaluated\n");
  });

  it("treats a failing builtin as undefined, or as an error with --strict-builtin-errors", async () => {
    await writeFiles(dir, {
      "strict/p.rego": 'package p\n\nimport rego.v1\n\nq := regex.match(input.re, "x")\n',
    });
    await writeFiles(dir, { "bad-regex.json": JSON.stringify({ re: "[" }) });
    const lenient = await runCli(["policy", "eval", "strict", "-e", "p/q", "-i", "bad-regex.json"], {
      cwd: dir,
    });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe("[]\n");
    const strict = await runCli(
      ["policy", "eval", "strict", "-e", "p/q", "-i", "bad-regex.json", "--strict-builtin-errors"],
      {
        cwd: dir,
      },
    );
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(
      "platform: evaluation failed: strict/p.rego:5: eval_builtin_error: regex.match: error parsing regexp: missing closing ]: `[`\n",
    );
  });

  it("exits 1 with --fail when the entrypoint is undefined", async () => {
    await writeFiles(dir, { "undef/p.rego": "package p\n\nimport rego.v1\n\nq if input.x == 1\n" });
    const r = await runCli(["policy", "eval", "undef", "-e", "p/q", "--fail"], { cwd: dir });
    expect(r.stdout).toBe("[]\n");
    expect(r.code).toBe(1);
  });

  it("rejects bad input and missing options with exit 2 and a clear message", async () => {
    const badInput = await runCli(
      ["policy", "eval", "policies", "-e", "authz/allow", "-i", "not-json.json"],
      { cwd: dir },
    );
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toMatch(
      /^platform: error: not-json\.json:1:3: not valid JSON: expected a property name in double quotes/,
    );
    const noEntrypoint = await runCli(["policy", "eval", "policies"], { cwd: dir });
    expect(noEntrypoint.code).toBe(2);
    expect(noEntrypoint.stderr).toContain("-e/--entrypoint is required");
    const noBuildEntrypoint = await runCli(["policy", "build", "policies"], { cwd: dir });
    expect(noBuildEntrypoint.code).toBe(2);
    expect(existsSync(join(dir, "bundle.tar.gz"))).toBe(false);
  });

  it("explains itself with examples", async () => {
    const r = await runCli(["policy", "eval", "--help"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("platform policy eval bundle.tar.gz -i request.json");
  });
});
