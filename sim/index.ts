/** The public API of hedgesim. */
export { loadScenario, type Scenario, type LoadOptions } from './scenario/load.ts';
export { compileWorld } from './world/compile.ts';
export { runWorld, type RunOptions, type Recorder } from './engine.ts';
export { runToFolder } from './run-folder.ts';
export { Rng, hashSeed } from './rng.ts';
export { formatIssue, type Issue, EXIT } from './errors.ts';
