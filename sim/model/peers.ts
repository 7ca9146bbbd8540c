/** Trade-weighted mean alignment of i's partners (i's own alignment when it has none): the decisions' first pass, for one country. */
import type { World } from '../world/world.ts';

export function peerMean(w: World, a: Float64Array, i: number): number {
  const s = w.linkStart[i], e = w.linkStart[i + 1];
  if (e === s) return a[i];
  const off = w.linkOff, n = w.n;
  let acc = 0;
  if (off !== null) {
    for (let j = s; j < e; j++) { const x = i + off[j]; acc += a[x < 0 ? x + n : x >= n ? x - n : x]; }
    return acc / (e - s);
  }
  const to = w.linkTo, wt = w.linkW;
  if (wt) for (let j = s; j < e; j++) acc += wt[j] * a[to[j]];
  else { for (let j = s; j < e; j++) acc += a[to[j]]; acc /= e - s; }
  return acc;
}
