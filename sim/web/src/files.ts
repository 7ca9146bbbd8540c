/**
 * The files the page knows, bundled at build time: the shipped scenarios and their
 * data files (scenarios/ of the repository), keyed by their path from the repository
 * root, as the CLI run from there names them. `extends:` and countries_file resolve
 * among them exactly as on disk.
 */
const yaml = import.meta.glob('../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const data = import.meta.glob('../../../scenarios/data/*.{csv,yaml}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const key = (p: string) => p.replace(/^(\.\.\/)+/, '');

/** path (e.g. scenarios/baseline-2025.yaml) -> text */
export const SHIPPED: Record<string, string> = Object.fromEntries(
  [...Object.entries(yaml), ...Object.entries(data)].map(([p, t]) => [key(p), t]),
);

/** A sweep file, not a scenario: it names the sweep schema, or has top-level scenario: and design:. */
export function isSweep(text: string): boolean {
  return /sweep\.schema\.json/.test(text.split('\n', 1)[0]) || (/^scenario:/m.test(text) && /^design:/m.test(text));
}

/** The shipped scenarios (not sweeps), baseline first. */
export function shippedScenarios(): string[] {
  return Object.keys(SHIPPED)
    .filter((p) => /^scenarios\/[^/]+\.yaml$/.test(p) && !isSweep(SHIPPED[p]))
    .sort((a, b) => (a.includes('baseline') ? -1 : b.includes('baseline') ? 1 : a < b ? -1 : 1));
}
