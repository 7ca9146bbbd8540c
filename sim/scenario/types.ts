/**
 * The loaded scenario: what load.ts produces and every later stage reads (rules,
 * compile, run, sweeps). Kept apart from load.ts so that the stages that only read a
 * Scenario do not import the loader.
 */
import type { ScenarioIn, CountryIn } from './schema.ts';
import type { CompiledExpr } from './expr.ts';

export interface Scenario {
  /** the scenario as resolved: every default applied */
  spec: ScenarioIn & Required<Pick<ScenarioIn, 'start' | 'steps' | 'step_days' | 'seed' | 'model' | 'retaliation' | 'deals' | 'inducements' | 'export_controls' | 'tariffs' | 'record'>>;
  /** countries after merging the CSV and the inline list (empty for synthetic worlds) */
  countries: CountryIn[];
  file: string;
  /** files read (the extends chain and CSVs) with their text, for error carets */
  sources: Map<string, string>;
  /** sha256 of the files read, in order */
  hash: string;
  /** compiled expressions by their source string */
  exprs: Map<string, CompiledExpr>;
  poles: { us: string; china: string };
}
