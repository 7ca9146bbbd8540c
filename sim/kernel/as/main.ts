// The WebAssembly kernel's entry (AssemblyScript), compiled by sim/model/gen/build.ts
// into sim/kernel/decide.wasm.ts: the decisions (generated from sim/model/spec.ts into
// gen/decide.ts), the poles' rules (poles.as.ts) and the benchmark's limit kernel.
import { p, P_a, P_aNext, P_linkStart, P_linkOff } from './gen/slots';
import { sumRow, sumWrapped } from './lib';

export { decide32, decide64 } from './gen/decide';
export { poles32, poles64 } from './poles';

/**
 * The benchmark's limit kernel (bench/run.ts): one pass over the engine's arrays that
 * only reads each country's neighbours (1-byte offsets) and writes one value, the sum,
 * into aNext: what memory and the compiler allow for this data, with nothing else to do.
 */
export function limitKernel(ctx: i32, n: i32): void {
  const a = p(ctx, P_a), out = p(ctx, P_aNext), start = p(ctx, P_linkStart), off = p(ctx, P_linkOff);
  const lo = n < 127 ? n : 127;
  const hi = n - 127 > lo ? n - 127 : lo;
  for (let i = 0; i < n; i++) {
    const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
    store<f64>(out + (i << 3), i >= lo && i < hi ? sumRow(a + (i << 3), off, s0, e0) : sumWrapped(a, off, n, i, s0, e0));
  }
}
