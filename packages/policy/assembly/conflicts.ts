// Evaluation errors that abort: conflicts (eval_conflict_error) and, in modules
// built with strict builtin errors, failing builtins; with file:row like OPA.
import { alloc, fatalBytes } from "./heap";
import { files, nFiles } from "./plan";
import { nativeErrorText, strLen, strPtr } from "./value";

let msg: u32 = 0;

function msgByte(b: u32): void {
  store<u8>(msg++, <u8>b);
}

function msgAscii(s: string): void {
  for (let i = 0; i < s.length; i++) msgByte(<u32>s.charCodeAt(i));
}

function msgUint(n: u32): void {
  if (n >= 10) msgUint(n / 10);
  msgByte(0x30 + (n % 10));
}

export function conflict(loc: u32, text: string): void {
  abortAt(loc, "eval_conflict_error: ", text, 0);
}

/** `loc` points at [file, row]; `name` is the builtin's name (a string value). */
export function builtinError(loc: u32, name: u32, builtinFailure: bool): void {
  abortAt(
    loc,
    builtinFailure ? "eval_builtin_error: " : "eval_type_error: ",
    nativeErrorText.length > 0
      ? nativeErrorText
      : builtinFailure
        ? "invalid argument value"
        : "invalid argument type",
    name,
  );
}

function abortAt(loc: u32, code: string, text: string, name: u32): void {
  const file = load<u32>(loc);
  const row = load<u32>(loc, 4);
  const start = alloc(4096);
  msg = start;
  if (file < nFiles) {
    const name = load<u32>(files + (file << 2));
    const n = strLen(name) < 2048 ? strLen(name) : 2048;
    memory.copy(msg, strPtr(name), n);
    msg += n;
    msgByte(0x3a);
    msgUint(row);
    msgAscii(": ");
  }
  msgAscii(code);
  if (name != 0) {
    const n = strLen(name) < 1024 ? strLen(name) : 1024;
    memory.copy(msg, strPtr(name), n);
    msg += n;
    msgAscii(": ");
  }
  msgAscii(text);
  fatalBytes(start, msg - start);
}
