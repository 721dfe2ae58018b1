/**
 * `platform policy …` on ordinary user mistakes (missing or unreadable files, files that are not
 * what they claim to be, a wrong -e): one clear line and exit 2, never "internal error". Every
 * case runs the built CLI in a child process; what users read is the golden file.
 */
import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, git, runCli, tempDir, writeFiles } from "./helpers.js";

const policy =
  'package authz\n\nimport rego.v1\n\ndefault allow := false\n\nallow if input.user == "alice"\n';

interface Case {
  name: string;
  args: string[];
  /** Working directory below the temp dir. */
  cwd?: string;
  exit: number;
}

const cases: Case[] = [
  {
    name: "-d names a missing file",
    args: ["eval", "authz.rego", "-d", "missing.json", "-e", "authz/allow"],
    exit: 2,
  },
  {
    name: "-i names a directory",
    args: ["eval", "authz.rego", "-i", "somedir", "-e", "authz/allow"],
    exit: 2,
  },
  {
    name: "-i JSON with a syntax error",
    args: ["eval", "authz.rego", "-i", "bad.json", "-e", "authz/allow"],
    exit: 2,
  },
  {
    name: "-d JSON with a trailing comma",
    args: ["eval", "authz.rego", "-d", "trailing.json", "-e", "authz/allow"],
    exit: 2,
  },
  {
    name: "-i YAML with a syntax error",
    args: ["eval", "authz.rego", "-i", "bad.yaml", "-e", "authz/allow"],
    exit: 2,
  },
  {
    name: "data.yaml in a policy directory is not YAML",
    args: ["eval", "baddata", "-e", "authz/allow"],
    exit: 2,
  },
  { name: "a .tar.gz that is not gzip", args: ["eval", "fake.tar.gz"], exit: 2 },
  { name: "a gzip that is not a bundle", args: ["eval", "notbundle.tar.gz"], exit: 2 },
  { name: "a bundle whose policy.wasm is not WebAssembly", args: ["eval", "badwasm.tar.gz"], exit: 2 },
  { name: "-e names nothing", args: ["eval", "authz.rego", "-e", "e/nope"], exit: 2 },
  { name: "-e names nothing (build)", args: ["build", "authz.rego", "-e", "authz/alow"], exit: 2 },
  { name: "build without -e points at build's help", args: ["build", "authz.rego"], exit: 2 },
  {
    name: "build -o names a directory",
    args: ["build", "authz.rego", "-e", "authz/allow", "-o", "somedir"],
    exit: 2,
  },
  { name: "test a path that does not exist", args: ["test", "nowhere"], exit: 2 },
  {
    name: "test without paths uses the work tree's .platform/policies",
    args: ["test", "-v"],
    cwd: "ws/sub",
    exit: 0,
  },
  { name: "test without paths at the root uses .platform/policies", args: ["test"], cwd: "ws", exit: 0 },
  {
    name: "test without paths in a directory with its own Rego tests those",
    args: ["test", "-v"],
    cwd: "ws/own",
    exit: 0,
  },
];

async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => tar.on("end", () => resolve()));
  for (const [name, body] of Object.entries(files)) tar.entry({ name }, body);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir("policy-errors"));
  await writeFiles(dir, {
    "authz.rego": policy,
    "somedir/.keep": "",
    "bad.json": '{\n  "user": alice\n}\n',
    "trailing.json": '{\n  "cfg": [1, 2,]\n}\n',
    "bad.yaml": "user: [alice\nrole: admin\n",
    "baddata/authz.rego": policy,
    "baddata/cfg/data.yaml": "limits: {cpu: 1\n",
    "fake.tar.gz": "not gzip",
    "ws/.platform/policies/authz.rego": policy,
    "ws/.platform/policies/authz_test.rego":
      'package authz_test\n\nimport rego.v1\nimport data.authz\n\ntest_alice if authz.allow with input as {"user": "alice"}\n',
    "ws/sub/.keep": "",
    "ws/own/own_test.rego": "package own_test\n\nimport rego.v1\n\ntest_own if true\n",
  });
  await writeFiles(dir, {
    "notbundle.tar.gz": gzipSync("just some text\n") as unknown as string,
    "badwasm.tar.gz": (await tarGz({ "policy.wasm": "not wasm", "data.json": "{}" })) as unknown as string,
  });
  git(`${dir}/ws`, "init", "-q");
});

afterAll(async () => {
  await cleanup();
});

describe("platform policy: user mistakes are usage errors", () => {
  it("says what is wrong with which file, exit 2, never an internal error", async () => {
    const out: string[] = [];
    for (const c of cases) {
      const r = await runCli(["policy", ...c.args], { cwd: `${dir}/${c.cwd ?? ""}` });
      expect(r.stderr, c.name).not.toContain("internal error");
      expect(r.code, `${c.name}\n${r.stderr}`).toBe(c.exit);
      const stdout = r.stdout.replace(/\(\d+(\.\d+)?(ns|µs|ms|s)\)/g, "(DURATION)");
      out.push(
        `=== ${c.name}\n$ platform policy ${c.args.join(" ")}\nexit ${r.code}\n${stdout ? `--- stdout\n${stdout}` : ""}--- stderr\n${r.stderr}`,
      );
    }
    await expect(out.join("\n")).toMatchFileSnapshot("__golden__/cli/policy-errors.txt");
  });

  // Root reads files whatever their mode, so this runs only as an ordinary user (CI, developers).
  it.skipIf(process.getuid?.() === 0)(
    "names an unreadable file and directory: permission denied",
    async () => {
      await writeFiles(dir, { "locked/p.rego": policy, "locked.json": "{}" });
      chmodSync(`${dir}/locked.json`, 0);
      chmodSync(`${dir}/locked`, 0);
      try {
        const file = await runCli(
          ["policy", "eval", "authz.rego", "-e", "authz/allow", "-i", "locked.json"],
          { cwd: dir },
        );
        expect([file.code, file.stderr]).toEqual([2, "platform: error: locked.json: permission denied\n"]);
        const folder = await runCli(["policy", "test", "locked"], { cwd: dir });
        expect([folder.code, folder.stderr]).toEqual([2, "platform: error: locked: permission denied\n"]);
      } finally {
        chmodSync(`${dir}/locked`, 0o755);
      }
    },
  );

  it("reads -i - as JSON and says where stdin stops being JSON", () => {
    const run = (stdin: string) =>
      spawnSync(process.execPath, [cliBin, "policy", "eval", "authz.rego", "-e", "authz/allow", "-i", "-"], {
        cwd: dir,
        input: stdin,
        encoding: "utf8",
      });
    const bad = run('{"user":\n  alice}');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "platform: error: stdin:2:3: not valid JSON: expected a value (object, array, string, number, true, false or null), found `a`\n",
    );
    const good = run('{"user": "alice"}');
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual([{ result: true }]);
  });
});
