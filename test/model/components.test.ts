/**
 * The recorded utility components (countries.csv's u_* columns) are the terms the
 * decision adds up: for each dimension, the value the decision gives the option that
 * keeps the current value equals the sum of that dimension's terms, and the recorded
 * components give that sum to the bit (alignment and crackdown; the own tariff's value
 * also counts the dumping cost, recorded once, by alignment). Checked on every country
 * of the baseline at several steps.
 */
import { describe, expect, it } from 'vitest';
import { loadOk, BASELINE } from '../helpers.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { components, optionValues, COMPONENTS, DIMENSIONS } from '../../sim/model/decide.gen.ts';
import { MODEL } from '../../sim/model/spec.ts';
import { peerMean } from '../../sim/model/peers.ts';

describe('recorded components and the utility the decision uses', () => {
  it('agree for every country of the baseline at steps 0, 8 and 26', async () => {
    const w = compileWorld(await loadOk(BASELINE));
    const D = DIMENSIONS.length;
    const out = new Float64Array(4 * D), comp = new Float64Array(COMPONENTS.length);
    let checked = 0;
    runWorld(w, {
      kernel: 'js',
      onStep: (_w, st, S, t) => {
        if (![0, 8, 26].includes(t)) return;
        for (let i = 0; i < w.n; i++) {
          const abar = peerMean(w, st.a, i);
          optionValues(w, st, S, i, abar, out, false);
          components(w, st, S, i, abar, comp);
          MODEL.dims.forEach((dim, d) => {
            // the option that keeps the current value is scored as the sum of the dimension's terms
            expect(out[3 * D + d], `${w.ids[i]} ${dim.name}`).toBe(out[3 * d + 1]);
            // the recorded components add up to it, term by term, in the spec's order
            let sum = 0, first = true;
            for (const term of dim.terms) {
              const v = term.record === false
                ? comp[COMPONENTS.indexOf(term.name as (typeof COMPONENTS)[number])]
                : comp[COMPONENTS.indexOf(term.name as (typeof COMPONENTS)[number])];
              sum = first ? v : sum + v;
              first = false;
            }
            if (dim.terms.every((x) => x.record !== false)) expect(sum, `${w.ids[i]} ${dim.name}`).toBe(out[3 * d + 1]);
            else expect(Math.abs(sum - out[3 * d + 1])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(sum)));
            checked++;
          });
        }
      },
    });
    expect(checked).toBe(3 * w.n * MODEL.dims.length);
  });
});
