/** Small SVG line charts: series over steps, an optional band, a marker at the current step. */

export interface Series { name: string; values: ArrayLike<number>; color: string; dash?: boolean; band?: { lo: ArrayLike<number>; hi: ArrayLike<number> } }

const NS = 'http://www.w3.org/2000/svg';
const el = (name: string, attrs: Record<string, string | number>) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

function niceTicks(lo: number, hi: number, n = 4): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n, mag = 10 ** Math.floor(Math.log10(step0)), r = step0 / mag;
  const step = (r >= 5 ? 10 : r >= 2 ? 5 : r >= 1 ? 2 : 1) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

const fmtTick = (v: number) => (Math.abs(v) >= 1000 ? v.toExponential(0) : String(+v.toPrecision(3)));

export interface ChartOpts {
  title: string; steps: ArrayLike<number>; series: Series[]; width?: number; height?: number;
  yDomain?: [number, number]; marker?: number; onPick?: (stepIndex: number) => void;
}

/** Draw into `host` (replacing what was there); returns a function that moves the step marker. */
export function lineChart(host: HTMLElement, o: ChartOpts): (stepIndex: number) => void {
  const W = o.width ?? 300, H = o.height ?? 120, m = { l: 38, r: 8, t: 18, b: 18 };
  const xs = o.steps, n = xs.length;
  let lo = Infinity, hi = -Infinity;
  for (const s of o.series) {
    for (let k = 0; k < s.values.length; k++) { const v = s.values[k]; if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
    if (s.band) for (let k = 0; k < s.band.lo.length; k++) { lo = Math.min(lo, s.band.lo[k]); hi = Math.max(hi, s.band.hi[k]); }
  }
  if (o.yDomain) { lo = Math.min(lo, o.yDomain[0]); hi = Math.max(hi, o.yDomain[1]); }
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const x0 = xs[0] ?? 0, x1 = xs[n - 1] ?? 1;
  const X = (t: number) => m.l + ((t - x0) / Math.max(1e-9, x1 - x0)) * (W - m.l - m.r);
  const Y = (v: number) => H - m.b - ((v - lo) / (hi - lo)) * (H - m.t - m.b);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': `${o.title}: ${o.series.map((s) => s.name).join(', ')}`, class: 'chart' });
  const title = el('text', { x: m.l, y: 12, class: 'chart-title' });
  title.textContent = o.title;
  svg.appendChild(title);
  for (const t of niceTicks(lo, hi)) {
    svg.appendChild(el('line', { x1: m.l, x2: W - m.r, y1: Y(t), y2: Y(t), class: t === 0 ? 'zero' : 'grid' }));
    const lab = el('text', { x: m.l - 4, y: Y(t) + 3, class: 'tick', 'text-anchor': 'end' });
    lab.textContent = fmtTick(t);
    svg.appendChild(lab);
  }
  for (const s of o.series) {
    if (s.band) {
      let d = '';
      for (let k = 0; k < n; k++) d += `${k ? 'L' : 'M'}${X(xs[k]).toFixed(1)},${Y(s.band.hi[k]).toFixed(1)}`;
      for (let k = n - 1; k >= 0; k--) d += `L${X(xs[k]).toFixed(1)},${Y(s.band.lo[k]).toFixed(1)}`;
      svg.appendChild(el('path', { d: d + 'Z', fill: s.color, 'fill-opacity': 0.18, stroke: 'none' }));
    }
    let d = '', pen = false;
    for (let k = 0; k < n; k++) {
      const v = s.values[k];
      if (!Number.isFinite(v)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${X(xs[k]).toFixed(1)},${Y(v).toFixed(1)}`;
      pen = true;
    }
    svg.appendChild(el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.6, ...(s.dash ? { 'stroke-dasharray': '4 3' } : {}) }));
  }
  const mk = el('line', { y1: m.t, y2: H - m.b, class: 'marker' });
  svg.appendChild(mk);
  if (o.onPick) {
    svg.addEventListener('click', (ev) => {
      const r = svg.getBoundingClientRect(), x = ((ev.clientX - r.left) / r.width) * W;
      let best = 0;
      for (let k = 1; k < n; k++) if (Math.abs(X(xs[k]) - x) < Math.abs(X(xs[best]) - x)) best = k;
      o.onPick!(best);
    });
  }
  const legend = document.createElement('div');
  legend.className = 'legend-row';
  for (const s of o.series) {
    const it = document.createElement('span');
    it.innerHTML = `<i style="background:${s.color}"></i>`;
    it.append(s.name);
    legend.appendChild(it);
  }
  host.replaceChildren(svg, ...(o.series.length > 1 ? [legend] : []));
  const move = (k: number) => { const x = X(xs[Math.max(0, Math.min(n - 1, k))] ?? 0); mk.setAttribute('x1', String(x)); mk.setAttribute('x2', String(x)); };
  move(o.marker ?? 0);
  return move;
}
