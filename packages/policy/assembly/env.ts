// Host functions of OPA's WASM ABI. AssemblyScript names the import module after
// this file ("env"), which is exactly the module the OPA SDKs provide.

/** Throws in the host with the NUL-terminated message at `addr`; never returns. */
export declare function opa_abort(addr: u32): void;
export declare function opa_println(addr: u32): void;
// Builtins the runtime does not implement natively; the host receives the
// builtin id (from the `builtins()` export), a context pointer and value pointers.
export declare function opa_builtin0(id: i32, ctx: u32): u32;
export declare function opa_builtin1(id: i32, ctx: u32, a: u32): u32;
export declare function opa_builtin2(id: i32, ctx: u32, a: u32, b: u32): u32;
export declare function opa_builtin3(id: i32, ctx: u32, a: u32, b: u32, c: u32): u32;
export declare function opa_builtin4(id: i32, ctx: u32, a: u32, b: u32, c: u32, d: u32): u32;
