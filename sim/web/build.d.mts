/** Types of build.mjs (for the tests and the benchmark, which build the page when needed). */
export function inputsHash(): string;
export function ensureBuilt(opts?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
