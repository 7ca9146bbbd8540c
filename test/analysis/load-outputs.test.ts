/**
 * Every CSV the analysis commands write must load with `pandas.read_csv(path)` and
 * R's `read.csv(path)` with no options and get numeric columns where the values are
 * numbers; and results/explore.ipynb must run with `jupyter nbconvert --execute`,
 * its policy-robustness and PRIM sections included (on results/examples/sweep-policies).
 * Skipped with a message when the tools are absent (Debian packages python3-pandas,
 * python3-matplotlib, python3-ipykernel, jupyter-nbconvert, r-base-core).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, tmpDir, ROOT } from '../helpers.ts';
import { writeSweepFixture } from './fixtures.ts';

const has = (cmd: string, args: string[]) => { const r = spawnSync(cmd, args, { encoding: 'utf8' }); return r.status === 0; };
/** A python with pandas (Debian's /usr/bin/python3 first: a pyenv python may lack it). */
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => has(p, ['-c', 'import pandas']));
const RSCRIPT = has('Rscript', ['--version']) ? 'Rscript' : undefined;
const JUPYTER = has('jupyter', ['nbconvert', '--version']) && has('/usr/bin/python3', ['-c', 'import pandas, matplotlib, ipykernel']);
if (!PYTHON) console.warn('pandas load test skipped: no python3 with pandas; install it with `apt-get install python3-pandas`');
if (!RSCRIPT) console.warn('R load test skipped: Rscript not found; install it with `apt-get install r-base-core`');
if (!JUPYTER) console.warn('notebook test skipped: needs `apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib`');

/** (file, columns that must load as numbers) */
const files: [string, string[]][] = [];

beforeAll(async () => {
  const run = tmpDir();
  expect((await cli(['run', join('scenarios', 'baseline-2025.yaml'), '--out', run, '-q'])).code).toBe(0);
  expect((await cli(['summarize', run, '-q'])).code).toBe(0);
  files.push([join(run, 'summary.csv'), ['step', 'alignment', 'crackdown', 'us_tariff', 'deal', 'deal_rate', 'trust_us', 'utility']]);
  const params = [{ path: 'model.a', lo: 0, hi: 1 }, { path: 'model.b', lo: 0, hi: 2 }];
  const sob = join(tmpDir(), 'sobol');
  writeSweepFixture(sob, { type: 'sobol', n: 16, replications: 2, params, model: (x, rng) => ({ y: x[0] + x[1] ** 2 + 0.01 * rng.next(), z: x[0] }) });
  expect((await cli(['summarize', sob, '-q'])).code).toBe(0);
  expect((await cli(['sensitivity', sob, '-q', '--resamples', '50'])).code).toBe(0);
  const num = ['estimate', 'ci_lo', 'ci_hi', 'n'];
  files.push([join(sob, 'summary.csv'), ['point', 'model.a', 'model.b', 'n', 'n_failed', 'mean', 'sd', 'ci_lo', 'ci_hi']]);
  files.push([join(sob, 'sensitivity.csv'), num]);
  const mor = join(tmpDir(), 'morris');
  writeSweepFixture(mor, { type: 'morris', r: 6, replications: 1, params, model: (x) => ({ y: x[0] * x[1] }) });
  expect((await cli(['sensitivity', mor, '-q', '--resamples', '50'])).code).toBe(0);
  files.push([join(mor, 'sensitivity.csv'), num]);
  // the committed examples the notebook reads
  for (const f of ['baseline-run/countries.csv', 'baseline-run/world.csv', 'sweep-small/runs.csv', 'sweep-small/points.csv', 'sweep-small/world.csv']) {
    files.push([join(ROOT, 'results', 'examples', f), []]);
  }
  // a policy sweep after summarize and discover (results/examples/sweep-policies, made by the CLI)
  const pol = join(ROOT, 'results', 'examples', 'sweep-policies');
  files.push([join(pol, 'runs.csv'), ['policy', 'scenario', 'deals.rate', 'share_us', 'deals_accepted', 'asean_alignment']]);
  files.push([join(pol, 'robustness.csv'), ['threshold', 'policy', 'scenarios', 'mean', 'p10', 'p90', 'max_regret', 'satisficing']]);
  files.push([join(pol, 'discover', 'prim_trajectory.csv'), ['box', 'coverage', 'density', 'mass', 'n', 'n_interest', 'res_dim']]);
  files.push([join(pol, 'discover', 'prim_box.csv'), ['lower', 'upper', 'minimum', 'maximum', 'qp_lower', 'qp_upper']]);
  files.push([join(pol, 'discover', 'cart_leaves.csv'), ['leaf', 'predict', 'coverage', 'density', 'n']]);
});

describe.skipIf(!PYTHON)('pandas.read_csv with no options', () => {
  it('loads every file with numeric dtypes for numeric columns', { timeout: 60_000 }, () => {
    const script = `
import json, sys
import pandas as pd
bad = []
items = json.load(sys.stdin)
for path, cols in items:
    df = pd.read_csv(path)
    if len(df) == 0: bad.append(f"{path}: no rows")
    for c in cols:
        if c not in df.columns: bad.append(f"{path}: no column {c}")
        elif not pd.api.types.is_numeric_dtype(df[c]): bad.append(f"{path}: {c} is {df[c].dtype}")
    for c in df.columns:
        if df[c].dtype == object and df[c].astype(str).str.fullmatch(r"-?[0-9.]+(e-?[0-9]+)?").all(): bad.append(f"{path}: {c} numbers read as text")
print(json.dumps({"checked": len(items), "bad": bad}))
`;
    const r = spawnSync(PYTHON!, ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // every file was read (an empty list would also report no problem)
    expect(JSON.parse(r.stdout)).toEqual({ checked: files.length, bad: [] });
    expect(files.length).toBe(14);
  });
});

describe.skipIf(!RSCRIPT)("R's read.csv with no options", () => {
  it('loads every file with numeric columns', { timeout: 60_000 }, () => {
    const lines = files.map(([path, cols]) => `chk(${JSON.stringify(path)}, c(${cols.map((c) => JSON.stringify(make(c))).join(', ')}))`);
    const script = `bad <- character(0)
checked <- 0
chk <- function(path, cols) {
  d <- read.csv(path)
  checked <<- checked + 1
  if (nrow(d) == 0) bad <<- c(bad, paste(path, "no rows"))
  for (c in cols) {
    if (!(c %in% names(d))) bad <<- c(bad, paste(path, "no column", c))
    # a column that is empty in every row (e.g. deal_rate when no deal is in force) is all NA,
    # which read.csv types as logical; any value in it must make it numeric
    else if (!is.numeric(d[[c]]) && !all(is.na(d[[c]]))) bad <<- c(bad, paste(path, c, "is", class(d[[c]])))
  }
}
${lines.join('\n')}
cat(checked, "files", length(bad), "problems\\n"); for (b in bad) cat(b, "\\n")`;
    const r = spawnSync(RSCRIPT!, ['-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`${files.length} files 0 problems`);
    expect(files.length).toBe(14);
  });
});

/** R's check.names: a column name as read.csv makes it (dots stay dots). */
function make(c: string): string { return c.replace(/[^A-Za-z0-9._]/g, '.'); }

describe.skipIf(!JUPYTER)('results/explore.ipynb', () => {
  function execute(env: Record<string, string>): { figures: string; nb: any } {
    const out = mkdtempSync(join(tmpdir(), 'hedgesim-nb-'));
    const figures = join(out, 'figures');
    const r = spawnSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', join(ROOT, 'results', 'explore.ipynb'), '--output-dir', out],
      { encoding: 'utf8', env: { ...process.env, ...env, HEDGESIM_FIGURES: figures }, timeout: 300_000 });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    return { figures, nb: JSON.parse(readFileSync(join(out, 'explore.ipynb'), 'utf8')) };
  }

  it('runs on the committed examples and draws its four charts', { timeout: 300_000 }, () => {
    const { figures, nb } = execute({});
    for (const f of ['alignment.png', 'isolation.png', 'policies.png', 'prim_tradeoff.png']) expect(existsSync(join(figures, f)), f).toBe(true);
    const outputs = nb.cells.flatMap((c: any) => c.outputs ?? []);
    expect(outputs.filter((o: any) => o.output_type === 'error')).toEqual([]);
    expect(outputs.filter((o: any) => o.data?.['image/png']).length).toBe(4);
    const text = JSON.stringify(outputs);
    expect(text).toMatch(/runs joined/);
    expect(text).toContain('27 runs joined');
    // the policy robustness table and the PRIM box of results/examples/sweep-policies
    const pm = JSON.parse(readFileSync(join(ROOT, 'results', 'examples', 'sweep-policies', 'manifest.json'), 'utf8'));
    expect(text).toContain(`${pm.design.policy.policies} policies x ${pm.design.policy.scenarios} scenarios`);
    expect(text).toMatch(/max_regret/);
    // the regret computed in pandas is the one in robustness.csv
    const lines = text.match(/max regret by hand: (\{[^}]*\})[\s\S]*?robustness\.csv: +(\{[^}]*\})/);
    expect(lines).not.toBeNull();
    expect(lines![1]).toBe(lines![2]);
    const info = JSON.parse(readFileSync(join(ROOT, 'results', 'examples', 'sweep-policies', 'discover', 'discover.json'), 'utf8'));
    expect(text).toContain(`${info.condition}: ${info.cases_of_interest} of ${info.cases} runs; PRIM box ${info.prim.box}`);
    expect(text).toMatch(/qp_lower/);
  });

  it('reads other folders given by HEDGESIM_RUN and HEDGESIM_SWEEP', { timeout: 300_000 }, async () => {
    const run = tmpDir();
    expect((await cli(['run', join('scenarios', 'baseline-2025.yaml'), '--out', run, '-q', '--seed', '5', '--steps', '8'])).code).toBe(0);
    const { nb } = execute({ HEDGESIM_RUN: run, HEDGESIM_SWEEP: join(ROOT, 'results', 'examples', 'sweep-small') });
    const text = JSON.stringify(nb.cells.flatMap((c: any) => c.outputs ?? []));
    expect(text).toContain('seed 5 steps 8');
  });

  it('draws four lines (quartiles of the first parameter) for an LHS sweep, not one per value', { timeout: 300_000 }, async () => {
    const sw = join(tmpDir(), 'lhs');
    // an LHS design: 6 points x 3 replications, each point with its own values
    expect((await cli(['sweep', join('test', 'sweep', 'fixtures', 'small-sweep.yaml'), '--out', sw, '--jobs', '1', '-q'])).code).toBe(0);
    const { nb } = execute({ HEDGESIM_SWEEP: sw });
    const text = JSON.stringify(nb.cells.flatMap((c: any) => c.outputs ?? []));
    expect(text).toContain('chart 2: 4 lines, 6 distinct values of retaliation.probability');
    // and on the committed grid example: one line per value
    const grid = JSON.stringify(execute({}).nb.cells.flatMap((c: any) => c.outputs ?? []));
    expect(grid).toMatch(/chart 2: (\d) lines, \1 distinct values/);
  });
});
