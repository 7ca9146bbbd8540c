/**
 * The import graph of sim/ has no cycles: every relative import of sim/**\/*.ts
 * (static, `import type`, `export ... from` and dynamic `await import('...')`) is an
 * edge, and a depth-first search looks for a back edge. Type-only import statements
 * count too: a cycle through types still ties two modules' designs together.
 * A type written inline, `import('../x.ts').Name`, is an edge of its own graph, checked
 * the same way.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SIM = join(ROOT, 'sim');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative module specifiers imported by a source text. */
export function importsOf(src: string, inlineTypes = false): string[] {
  const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  const re = /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)(\.[A-Z])?/g;
  for (let m; (m = re.exec(code));) {
    const spec = m[1] ?? m[2];
    const inlineType = m[2] !== undefined && m[3] !== undefined;
    if (spec.startsWith('.') && inlineType === inlineTypes) out.push(spec);
  }
  return out;
}

export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) { const c = visit(m); if (c) return c; }
    }
    stack.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) { const c = visit(n); if (c) return c; }
  return undefined;
}

describe('import graph of sim/', () => {
  const all = files(SIM);
  const graph = new Map<string, string[]>();
  const withInline = new Map<string, string[]>();
  const deps = (f: string, inline: boolean) => importsOf(readFileSync(f, 'utf8'), inline).map((s) => resolve(dirname(f), s)).filter((p) => p.endsWith('.ts') && existsSync(p));
  for (const f of all) {
    graph.set(f, deps(f, false));
    withInline.set(f, [...deps(f, false), ...deps(f, true)]);
  }

  it('reads the imports it checks (the parser finds the edges of a known file)', () => {
    const edges = graph.get(join(SIM, 'cli', 'main.ts'))!.map((p) => relative(SIM, p)).sort();
    expect(edges).toEqual(['cli/command.ts', 'cli/commands.ts', 'cli/messages.ts', 'errors.ts', 'io/console.ts']);
    expect(all.length).toBeGreaterThan(60);
    expect([...graph.values()].reduce((n, d) => n + d.length, 0)).toBeGreaterThan(150);
  });

  it('the cycle finder finds a planted cycle', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', []]]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeUndefined();
    expect(importsOf("import type { X } from './x.ts';\nconst m = await import('../y.ts');\nexport { z } from './z.ts';\nimport w from 'yargs';\nlet a: import('./t.ts').T;"))
      .toEqual(['./x.ts', '../y.ts', './z.ts']);
    expect(importsOf("let a: import('./t.ts').T;", true)).toEqual(['./t.ts']);
  });

  it('has no cycle', () => {
    const c = findCycle(graph);
    expect(c?.map((p) => relative(ROOT, p)).join(' -> ')).toBeUndefined();
  });

  it('types written inline add no cycle', () => {
    const c = findCycle(withInline);
    expect(c?.map((p) => relative(ROOT, p)).join(' -> ')).toBeUndefined();
  });

  it('sweep/ and analysis/ do not import the CLI', () => {
    const bad = [...graph].filter(([f]) => /\/sim\/(sweep|analysis)\//.test(f))
      .flatMap(([f, d]) => d.filter((p) => p.includes('/sim/cli/')).map((p) => `${relative(SIM, f)} -> ${relative(SIM, p)}`));
    expect(bad).toEqual([]);
  });
});
