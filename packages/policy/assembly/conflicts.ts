// eval_conflict_error aborts, with the statement's file:row like OPA's messages.
import { alloc, fatalBytes } from "./heap";
import { files, nFiles } from "./plan";
import { strLen, strPtr } from "./value";

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
  msgAscii("eval_conflict_error: ");
  msgAscii(text);
  fatalBytes(start, msg - start);
}
