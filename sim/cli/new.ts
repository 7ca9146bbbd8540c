/**
 * `hedgesim new NAME [--from BASE]`: write a commented scenario for a student to start
 * from. With --from it inherits BASE (extends:) and shows, commented out, how to change
 * an inherited tariff, remove or add an event and change a model setting, using ids
 * from BASE. Without it, a small stand-alone world of four countries. The file is
 * validated after writing; an existing file is never overwritten.
 */
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load.ts';
import { SCHEMA_FILE } from '../scenario/jsonschema.ts';
import { EXIT, hasErrors } from '../errors.ts';
import { printIssues } from './messages.ts';
import type { CliIO } from '../io/console.ts';

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

import type { NewArgs } from './options.ts';

const posix = (p: string) => p.split(sep).join('/');

/** The folder of the hedgesim package (holds scenarios/scenario.schema.json). */
function packageRoot(): string | undefined {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) {
      try { if (JSON.parse(readFileSync(pj, 'utf8')).name === 'hedgesim') return d; } catch { /* keep looking */ }
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

function schemaRef(dir: string): string {
  if (existsSync(join(dir, SCHEMA_FILE))) return `./${SCHEMA_FILE}`;
  const root = packageRoot();
  const p = root ? join(root, 'scenarios', SCHEMA_FILE) : undefined;
  // the package's copy, when it sits under the current folder (e.g. in node_modules)
  if (p && existsSync(p) && !relative(process.cwd(), p).startsWith('..')) {
    const r = posix(relative(resolve(dir), p));
    return r.startsWith('.') ? r : `./${r}`;
  }
  return `./${SCHEMA_FILE}`; // `hedgesim schema --out` writes it there
}

function findBase(from: string, dir: string): string | undefined {
  const cands = [from, `${from}.yaml`, join(dir, from), join(dir, `${from}.yaml`), join('scenarios', `${from}.yaml`)];
  const root = packageRoot();
  if (root) cands.push(join(root, 'scenarios', `${from}.yaml`));
  return cands.find((c) => { try { return statSync(c).isFile(); } catch { return false; } });
}

export async function newCommand(args: NewArgs, io: CliIO): Promise<number> {
  const name = args.name.replace(/\.ya?ml$/, '');
  if (!NAME_RE.test(name)) {
    io.err(`hedgesim new: the name ${JSON.stringify(args.name)} is not allowed; use 1 to 64 letters, digits, _ . - starting with a letter or digit (no spaces, no folders: use --dir), e.g. my-scenario`);
    return EXIT.usage;
  }
  const dir = args.dir ?? (existsSync('scenarios') && statSync('scenarios').isDirectory() ? 'scenarios' : '.');
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    io.err(`hedgesim new: --dir ${dir} is a file, not a folder`);
    return EXIT.usage;
  }
  const file = join(dir, `${name}.yaml`);
  if (existsSync(file)) {
    io.err(`hedgesim new: ${file} exists already and is left as it is; choose another name or delete the file`);
    return EXIT.usage;
  }
  let text: string;
  if (args.from !== undefined) {
    const base = findBase(args.from, dir);
    if (!base) {
      io.err(`hedgesim new: cannot find the scenario ${JSON.stringify(args.from)} to start from; give its path or its name in ${dir}/ (e.g. baseline-2025)`);
      return EXIT.input;
    }
    const b = await loadScenario(base);
    if (!b.scenario) {
      printIssues(io, b.issues, b.sources);
      io.err(`hedgesim new: ${base} is not valid; fix it before extending it`);
      return EXIT.input;
    }
    text = fromTemplate(name, posix(relative(resolve(dir), resolve(base))), schemaRef(dir), b.scenario);
  } else {
    text = standaloneTemplate(name, schemaRef(dir));
  }
  try {
    writeFileSync(file, text, { flag: 'wx' }); // wx: never overwrite
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') { io.err(`hedgesim new: ${file} exists already and is left as it is`); return EXIT.usage; }
    if (err.code === 'ENOENT') { io.err(`hedgesim new: the folder ${dir} does not exist; create it or choose another --dir`); return EXIT.usage; }
    throw e;
  }
  const check = await loadScenario(file);
  if (!check.scenario || hasErrors(check.issues)) {
    printIssues(io, check.issues, check.sources);
    io.err(`hedgesim new: wrote ${file}, but it does not validate (please report this)`);
    return EXIT.input;
  }
  const hint = text.startsWith(`# yaml-language-server: $schema=./${SCHEMA_FILE}`) && !existsSync(join(dir, SCHEMA_FILE))
    ? `\nfor completion in your editor: npx hedgesim schema --out ${posix(join(dir, SCHEMA_FILE))}` : '';
  io.out(`wrote ${file}${hint}\nnext: edit it, then\n  npx hedgesim validate ${posix(file)}\n  npx hedgesim run ${posix(file)}`);
  return EXIT.ok;
}

type Sc = NonNullable<Awaited<ReturnType<typeof loadScenario>>['scenario']>;

export function fromTemplate(name: string, ext: string, schema: string, base: Sc): string {
  const events = base.spec.events ?? [];
  const ids = new Set(base.countries.map((c) => c.id));
  const tariff = events.find((e) => e.id && e.kind === 'tariff' && typeof e.rate === 'number' && typeof e.target === 'string' && ids.has(e.target))
    ?? events.find((e) => e.id && e.kind === 'tariff' && typeof e.rate === 'number');
  const other = events.find((e) => e.id && e !== tariff);
  const country = base.countries.find((c) => c.id !== tariff?.target) ?? base.countries[0];
  const lastDate = base.spec.start;
  const lines = [
    `# yaml-language-server: $schema=${schema}`,
    '#',
    `# ${name}: ${base.spec.name ?? ext} with your changes.`,
    `# It inherits everything in ${ext} and states only what differs: maps merge key by`,
    '# key, countries and events merge by id (an event with the id of an inherited one',
    '# changes only the keys it gives), other lists replace the inherited ones.',
    '# Rates and shares are in percent (46 means 46%).',
    '#',
    '# Check it:  npx hedgesim validate THIS_FILE',
    '# Run it:    npx hedgesim run THIS_FILE',
    `name: ${name}`,
    `extends: ${ext}`,
    'description: >',
    `  What this scenario changes in ${base.spec.name ?? ext}, and why. (Replace this text.)`,
    '',
    '# Named numbers that expressions can use and sweeps can vary',
    '# (npx hedgesim run THIS_FILE --set parameters.new_rate=30).',
    'parameters:',
    `  new_rate: ${tariff ? Math.max(0, Math.round((tariff.rate as number) / 2)) : 20}`,
    '',
  ];
  if (tariff) {
    lines.push(
      `# Change an inherited tariff: ${tariff.id} set ${tariff.rate}% on ${tariff.target}; here it uses the parameter.`,
      'events:',
      `  - id: ${tariff.id}`,
      '    rate: new_rate            # a number, or an expression such as "new_rate + 5"',
    );
  } else {
    lines.push('# Events: the timeline (merged by id with the inherited ones)', '# events:');
  }
  lines.push(
    ...(other ? [`  # Remove an inherited event:`, `  # - {id: ${other.id}, remove: true}`] : []),
    '  # Add an event (the date must fall within the run):',
    `  # - {id: my-tariff, date: ${dayAfter(lastDate, 35)}, kind: tariff, actor: ${base.poles.us}, target: ${country?.id ?? 'ALL'}, rate: 15}`,
    '',
    '# Change a model setting (all settings and their ranges: npx hedgesim schema):',
    '# model:',
    `#   elasticity: ${base.spec.model.elasticity !== undefined && typeof base.spec.model.elasticity === 'number' ? base.spec.model.elasticity + 1 : 3}`,
    '',
    '# Change a country (merged by id):',
    '# countries:',
    `#   - {id: ${country?.id ?? 'VNM'}, alignment: 0}`,
    '',
  );
  return lines.join('\n');
}

function dayAfter(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
}

export function standaloneTemplate(name: string, schema: string): string {
  return `# yaml-language-server: $schema=${schema}
#
# ${name}: a small stand-alone scenario written by \`hedgesim new\`.
# Check it:  npx hedgesim validate THIS_FILE
# Run it:    npx hedgesim run THIS_FILE
# Rates and shares are in percent (46 means 46%). Alignment runs from -1 (fully with
# China) through 0 (hedging) to +1 (fully with the US).
name: ${name}
description: >
  What this scenario asks. (Replace this text.)
start: 2025-03-01        # date of step 0 (YYYY-MM-DD)
steps: 26                # number of steps
step_days: 7             # weekly steps: 26 steps are half a year
seed: 1                  # seed of the random stream (change it for another replication)

# Named numbers that expressions can use and sweeps can vary
# (npx hedgesim run THIS_FILE --set parameters.peak=60).
parameters:
  peak: 46               # the US rate on Vietnam announced 2025-04-02

poles:
  us: USA
  china: CHN

# The countries (agents). Figures from scenarios/data/countries-2025.csv (sources in
# scenarios/data/README.md). Every key but id and gdp may be left out.
countries:
  - id: VNM
    name: Vietnam
    blocs: [ASEAN]
    gdp: 476             # US$ bn, 2024
    exports: 87          # % of GDP
    to_us: 29            # % of exports going to the US
    to_china: 17         # % of exports going to China
    imports_from_china: 39
    transshipment: 15    # % of exports to the US that is rerouted Chinese content
    affinity_us: 35      # security affinity, 0 to 100
    affinity_china: 55
    alignment: -0.1      # starting alignment, -1 to 1
  - {id: MYS, name: Malaysia, blocs: [ASEAN], gdp: 422, exports: 68, to_us: 13.2, to_china: 13, imports_from_china: 21, transshipment: 6, affinity_us: 30, affinity_china: 50, alignment: -0.05}
  - {id: JPN, name: Japan, gdp: 4030, exports: 22, to_us: 19.9, to_china: 17.6, imports_from_china: 22, affinity_us: 85, affinity_china: 5, alignment: 0.5}
  - {id: AUS, name: Australia, gdp: 1800, exports: 26, to_us: 3.5, to_china: 32, imports_from_china: 25, affinity_us: 85, affinity_china: 5, alignment: 0.5}

# Tariffs in force at step 0.
tariffs:
  us_on_china: 20
  china_on_us: 10

# China's rule of retaliation; here it hardens over the first 12 weeks (an expression of t, the step).
retaliation:
  probability: "5 + 10 * ramp(t, 0, 12)"   # % per step, from 5 to 15

# The timeline. Each event: when (date or step), what (kind), who (actor), on whom (target).
events:
  - id: us-baseline
    date: 2025-04-05
    kind: tariff
    actor: USA
    target: ALL
    rate: 10
  - id: us-vnm
    date: 2025-04-09
    kind: tariff
    actor: USA
    target: VNM
    rate: peak             # an expression: the parameter above
  - id: vnm-crackdown
    date: 2025-04-15
    kind: crackdown
    target: VNM
    level: 50              # % enforcement
  - {id: xi-visit, date: 2025-04-14, kind: visit, actor: CHN, target: [VNM, MYS], trust: 10}
`;
}
