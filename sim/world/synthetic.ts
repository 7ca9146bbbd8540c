/**
 * Synthetic worlds for scaling studies (MODEL.md, "Large runs"): any number of
 * countries from a seed. GDP is Pareto (heavy-tailed); exposures, affinities and US
 * rates are uniform in the given ranges; trade links are sparse and local: each
 * country links to degree/2 others at most `locality` positions ahead (wrapping),
 * and links are symmetric, so neighbours sit near each other in memory. All links
 * have equal weight, so no weight array is stored.
 */
import { Rng } from '../rng.ts';
import type { Params } from './world.ts';
import type { ScenarioIn, SyntheticIn } from '../scenario/schema.ts';

export function generateSynthetic(spec: SyntheticIn, seed: number, P: Params, sc: ScenarioIn) {
  const n = spec.countries ?? 1000;
  const rng = new Rng(seed);
  const u = (r: number[] | undefined, d: [number, number]) => {
    const [lo, hi] = r ?? d;
    return lo + (hi - lo) * rng.next();
  };
  const col = () => new Float64Array(n);
  const gdp = col(), eUS = col(), eCN = col(), mCN = col(), q = col(), affUS = col(), affCN = col(), hedgeExp = col(), cnWeight = col();
  const align0 = col(), trustUS0 = col(), trustCN0 = col(), usBase0 = col(), usRecip0 = col(), usSpecific0 = col();
  const alpha = spec.gdp_pareto ?? 1.1;
  const baseline = typeof sc.tariffs?.us_baseline === 'number' ? sc.tariffs.us_baseline / 100 : 0;
  const tUS = typeof sc.model?.trust_us === 'number' ? sc.model.trust_us / 100 : 0.7;
  const tCN = typeof sc.model?.trust_china === 'number' ? sc.model.trust_china / 100 : 0.5;
  let cnTot = 0;
  for (let i = 0; i < n; i++) {
    gdp[i] = Math.min(30000, Math.pow(1 - rng.next(), -1 / alpha)); // US$ bn, minimum 1
    const x = u(spec.exports, [10, 80]) / 100;
    let tu = u(spec.to_us, [3, 40]), tc = u(spec.to_china, [3, 35]);
    if (tu + tc > 100) { const f = 100 / (tu + tc); tu *= f; tc *= f; }
    eUS[i] = x * tu / 100;
    eCN[i] = x * tc / 100;
    mCN[i] = x * u(spec.imports_from_china, [5, 40]) / 100;
    q[i] = u(spec.transshipment, [0, 10]) / 100;
    const aU = u(spec.affinity_us, [0, 90]), aC = u(spec.affinity_china, [0, 90]);
    affUS[i] = aU / 100;
    affCN[i] = aC / 100;
    hedgeExp[i] = Math.min(eUS[i], eCN[i]);
    align0[i] = Math.max(-1, Math.min(1, 0.5 * (affUS[i] - affCN[i]) + 0.1 * (rng.next() - 0.5)));
    trustUS0[i] = tUS;
    trustCN0[i] = tCN;
    usBase0[i] = baseline;
    usRecip0[i] = u(spec.us_tariff, [10, 50]) / 100;
    cnWeight[i] = eCN[i] * gdp[i];
    cnTot += cnWeight[i];
  }
  for (let i = 0; i < n; i++) cnWeight[i] /= cnTot;
  void P;

  // links: degree/2 forward links per country within `locality`, mirrored
  const half = Math.floor((spec.degree ?? 16) / 2);
  const loc = Math.max(1, Math.min(n - 1, Math.floor(spec.locality ?? 64)));
  const fwd = new Int32Array(n * half);
  const deg = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < half; h++) {
      const j = (i + 1 + rng.int(loc)) % n;
      fwd[i * half + h] = j;
      if (j !== i) { deg[i]++; deg[j]++; }
    }
  }
  const linkStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) linkStart[i + 1] = linkStart[i] + deg[i];
  const linkTo = new Int32Array(linkStart[n]);
  const fill = deg; // reuse as cursor
  for (let i = 0; i < n; i++) fill[i] = linkStart[i];
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < half; h++) {
      const j = fwd[i * half + h];
      if (j === i) continue;
      linkTo[fill[i]++] = j;
      linkTo[fill[j]++] = i;
    }
  }
  for (let i = 0; i < n; i++) linkTo.subarray(linkStart[i], linkStart[i + 1]).sort();

  const nb = spec.blocs ?? 0;
  const blocs = new Map<string, Int32Array>();
  if (nb > 0) {
    const size = Math.ceil(n / nb);
    for (let b = 0; b < nb; b++) {
      const lo = b * size, hi = Math.min(n, lo + size);
      if (lo < hi) blocs.set(`B${b}`, Int32Array.from({ length: hi - lo }, (_, k) => lo + k));
    }
  }
  const width = String(n - 1).length;
  let ids: string[] | undefined;
  let names: string[] | undefined;
  // ids are made on first use: a million strings is memory the engine does not need
  const world = {
    n, gdp, eUS, eCN, mCN, q, affUS, affCN, hedgeExp, cnWeight, align0, trustUS0, trustCN0, usBase0, usRecip0, usSpecific0,
    linkStart, linkTo, linkW: null as Float32Array | null, blocs,
    get ids() { return (ids ??= Array.from({ length: n }, (_, i) => 'C' + String(i).padStart(width, '0'))); },
    get names() { return (names ??= this.ids); },
  };
  return world;
}
