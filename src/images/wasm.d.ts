/**
 * A `.wasm` import is a compiled WebAssembly module: wrangler's CompiledWasm rule when it bundles
 * the Worker, and the same module type in the Worker tests' loader. The resampler's and the PNG
 * codec's files have a `.d.ts` of their own, which describes an instance's exports, not the import.
 */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

declare module '@jsquash/png/codec/pkg/squoosh_png_bg.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

declare module '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
