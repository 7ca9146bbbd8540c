/** node:os in the browser: the host name a folder's lock records (the page writes no lock; the name says where it ran). */
export function hostname(): string { return 'browser'; }
export function availableParallelism(): number { return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1; }
export default { hostname, availableParallelism };
