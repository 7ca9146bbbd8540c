/**
 * Reading one value of a run's state at a step: a country's field or a world
 * measure (from the row worldMeasures fills). Shared by the fixed metrics
 * (metrics.ts) and the metric expressions (series-metrics.ts).
 */
import type { World } from '../world/world.ts';
import type { State } from '../model/state.ts';
import { hedgeBand, type StepScalars } from '../model/utility.ts';
import { WORLD_COLUMNS, stanceOf } from '../model/measures.ts';

export type Getter = (w: World, st: State, S: StepScalars, row: Float64Array) => number;

export function countryGetter(w: World, id: string, field: string): Getter {
  const i = w.ids.indexOf(id);
  if (i < 0) throw new Error(`no country ${id} in this world`);
  switch (field) {
    case 'alignment': return (_w, st) => st.a[i];
    case 'crackdown': return (_w, st) => st.k[i];
    case 'us_tariff': return (_w, st) => st.usEff[i] * 100;
    case 'china_tariff': return (_w, st) => st.cnTariff[i] * 100;
    case 'own_tariff': return (_w, st) => st.o[i] * 100;
    case 'punished': return (_w, st) => (st.usrUntil[i] >= 0 ? 1 : 0);
    case 'trust_us': return (_w, st) => st.trustUS[i];
    case 'trust_china': return (_w, st) => st.trustCN[i];
    case 'deal': return (_w, st) => st.deal[i];
    case 'retaliated': return (_w, st) => (st.retUntil[i] >= 0 ? 1 : 0);
    case 'hedge_band': return (ww, st, S) => hedgeBand(st, ww.params, S, i);
    case 'stance': return (ww, st, S) => stanceOf(st.a[i], hedgeBand(st, ww.params, S, i));
  }
  throw new Error(`unknown country field ${field}`);
}

export function worldGetter(name: string): Getter {
  const share = /^share_(us|hedge|china)$/.exec(name);
  if (share) {
    const j = WORLD_COLUMNS.indexOf(`n_${share[1]}` as (typeof WORLD_COLUMNS)[number]);
    return (w, _st, _S, row) => row[j] / w.n;
  }
  const j = WORLD_COLUMNS.indexOf(name as (typeof WORLD_COLUMNS)[number]);
  if (j < 0) throw new Error(`unknown world measure ${name}`);
  return (_w, _st, _S, row) => row[j];
}
