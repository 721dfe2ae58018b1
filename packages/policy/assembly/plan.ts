// The embedded plan. The TypeScript encoder (src/wasm/plan-encoding.ts) writes
// a little-endian u32 stream that is copied into memory at instantiation and
// executed in place; this file decodes only its tables (strings, numbers,
// builtins, functions, plans) into values and arrays below the heap base.
// Layout (u32 words):
//   magic "OPAP", version, flags (bit 0: strict builtin errors)
//   nStrings, { byteLen, bytes padded to 4 }*
//   nNumberRefs, { stringIndex }*
//   nBuiltins, { regoNameStr, importNameStr, flags }*   flags bit 0: host returns a set as an array
//   nFuncs, { nameStr, nLocals, nParams, params*, returnLocal, nPath, pathStr*, codeOffset }*
//   nPlans, { nameStr, nLocals, codeOffset }*
//   nFiles, { stringIndex }*
//   code: [nBlocks, block*] per function/plan; block = [sizeWords, stmt*]
import { alloc, fatal } from "./heap";
import { parseJSON } from "./json";
import { nativeBuiltinId } from "./natives";
import { mkNum, mkNumText, mkStr } from "./value";

export const PLAN_MAGIC: u32 = 0x5041504f; // "OPAP"
export const PLAN_VERSION: u32 = 2;

export let planBase: u32 = 0;
export let strictBuiltinErrors: bool = false;
export let builtinNames: u32 = 0; // u32[nBuiltins] Rego names (string values)
export let strings: u32 = 0; // u32[nStrings] string values
export let nStrings: u32 = 0;
export let numbers: u32 = 0; // u32[nNumberRefs] number values
export let builtinIds: u32 = 0; // i32[nBuiltins]: native id >= 0, or -(js id) - 1
export let jsBuiltinFlags: u32 = 0; // u32[] flags, index = js id
export let nBuiltins: u32 = 0;
export let jsBuiltinNames: u32 = 0; // u32[] string values, index = js id
export let nJsBuiltins: u32 = 0;
export let funcs: u32 = 0; // u32[nFuncs] pointers to function records in the plan
export let nFuncs: u32 = 0;
export let plans: u32 = 0; // u32[nPlans] pointers to plan records
export let nPlans: u32 = 0;
export let files: u32 = 0; // u32[nFiles] string values
export let nFiles: u32 = 0;

let rd: u32 = 0;

function word(): u32 {
  const w = load<u32>(rd);
  rd += 4;
  return w;
}

function table(n: u32): u32 {
  return n > 0 ? alloc(n << 2) : 0;
}

export function loadPlan(p: u32, size: u32): void {
  planBase = p;
  rd = p;
  if (size < 12 || word() != PLAN_MAGIC || word() != PLAN_VERSION)
    fatal("opa: embedded plan is corrupt or of another version");
  strictBuiltinErrors = (word() & 1) != 0;
  nStrings = word();
  strings = table(nStrings);
  for (let i: u32 = 0; i < nStrings; i++) {
    const n = word();
    store<u32>(strings + (i << 2), mkStr(rd, n));
    rd += (n + 3) & ~(<u32>3);
  }
  const nNumbers = word();
  numbers = table(nNumbers);
  for (let i: u32 = 0; i < nNumbers; i++) {
    const s = load<u32>(strings + (word() << 2));
    const text = load<u32>(s, 8);
    const n = load<u32>(s, 4);
    let v = parseJSON(text, n, false);
    if (v == 0 || load<u32>(v) != 3) v = mkNum(NaN);
    // Keep the literal text so big or precise numbers print back exactly.
    store<u32>(numbers + (i << 2), mkNumText(load<f64>(v, 8), text, n));
  }
  nBuiltins = word();
  builtinIds = table(nBuiltins);
  jsBuiltinNames = table(nBuiltins);
  jsBuiltinFlags = table(nBuiltins);
  builtinNames = table(nBuiltins);
  nJsBuiltins = 0;
  for (let i: u32 = 0; i < nBuiltins; i++) {
    const name = load<u32>(strings + (word() << 2));
    store<u32>(builtinNames + (i << 2), name);
    const importName = load<u32>(strings + (word() << 2));
    const flags = word();
    const id = nativeBuiltinId(name);
    if (id >= 0) store<i32>(builtinIds + (i << 2), id);
    else {
      store<u32>(jsBuiltinNames + (nJsBuiltins << 2), importName);
      store<u32>(jsBuiltinFlags + (nJsBuiltins << 2), flags);
      store<i32>(builtinIds + (i << 2), -(<i32>nJsBuiltins) - 1);
      nJsBuiltins++;
    }
  }
  nFuncs = word();
  funcs = table(nFuncs);
  for (let i: u32 = 0; i < nFuncs; i++) {
    store<u32>(funcs + (i << 2), rd);
    rd += 8; // name, nLocals
    const nParams = word();
    rd += (nParams + 1) << 2; // params, return
    const nPath = word();
    rd += (nPath + 1) << 2; // path, codeOffset
  }
  nPlans = word();
  plans = table(nPlans);
  for (let i: u32 = 0; i < nPlans; i++) {
    store<u32>(plans + (i << 2), rd);
    rd += 12;
  }
  nFiles = word();
  files = table(nFiles);
  for (let i: u32 = 0; i < nFiles; i++) store<u32>(files + (i << 2), load<u32>(strings + (word() << 2)));
}

export function stringAt(i: u32): u32 {
  return load<u32>(strings + (i << 2));
}

// Function record accessors: [name, nLocals, nParams, params*, ret, nPath, path*, codeOffset]
export function funcRec(i: u32): u32 {
  return load<u32>(funcs + (i << 2));
}
export function funcLocals(f: u32): u32 {
  return load<u32>(f, 4);
}
export function funcNParams(f: u32): u32 {
  return load<u32>(f, 8);
}
export function funcParam(f: u32, i: u32): u32 {
  return load<u32>(f + 12 + (i << 2));
}
export function funcReturn(f: u32): u32 {
  return load<u32>(f + 12 + (funcNParams(f) << 2));
}
export function funcPathLen(f: u32): u32 {
  return load<u32>(f + 16 + (funcNParams(f) << 2));
}
export function funcPathSeg(f: u32, i: u32): u32 {
  return load<u32>(f + 20 + ((funcNParams(f) + i) << 2));
}
export function funcCode(f: u32): u32 {
  return planBase + (load<u32>(f + 20 + ((funcNParams(f) + funcPathLen(f)) << 2)) << 2);
}

// Plan record accessors: [name, nLocals, codeOffset]
export function planRec(i: u32): u32 {
  return load<u32>(plans + (i << 2));
}
export function planName(p: u32): u32 {
  return stringAt(load<u32>(p));
}
export function planLocals(p: u32): u32 {
  return load<u32>(p, 4);
}
export function planCode(p: u32): u32 {
  return planBase + (load<u32>(p, 8) << 2);
}
