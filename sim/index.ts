/** The public API of hedgesim. */
export { loadScenario, type Scenario, type LoadOptions } from './scenario/load.ts';
import { compileWorld as compile, type CompileOptions } from './world/compile.ts';
import { kernelMemory } from './kernel/arena.ts';
import type { Scenario } from './scenario/types.ts';
import type { World } from './world/world.ts';

/** Compile a scenario into a World; a synthetic world goes into the kernel's memory, with room for its first run. */
export function compileWorld(sc: Scenario, opts: CompileOptions = {}): World {
  return compile(sc, { memory: kernelMemory, ...opts });
}
export { runWorld, type RunOptions, type Recorder } from './engine.ts';
export { runToFolder } from './run-folder.ts';
export { Rng, hashSeed } from './rng.ts';
export { formatIssue, type Issue, EXIT } from './errors.ts';
