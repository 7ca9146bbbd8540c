/**
 * Colours. Alignment: a diverging scale, -1 (with the China pole) dark red, 0 (hedging)
 * grey, +1 (with the US pole) dark blue, interpolated in CIELAB between anchors of
 * ColorBrewer's RdBu ends (colour-blind safe: red and blue stay apart for protanopes
 * and deuteranopes, and lightness falls toward both ends, so the scale also reads in
 * grey). Event categories: the Okabe-Ito palette (Okabe and Ito 2008), safe for the
 * common colour-vision deficiencies.
 */

type Lab = [number, number, number];

function srgbToLin(c: number) { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }
function linToSrgb(c: number) { const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055; return Math.round(Math.max(0, Math.min(1, v)) * 255); }
const Xn = 0.95047, Yn = 1, Zn = 1.08883;
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
const fi = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));

export function hexToLab(hex: string): Lab {
  const n = parseInt(hex.slice(1), 16);
  const r = srgbToLin(n >> 16), g = srgbToLin((n >> 8) & 255), b = srgbToLin(n & 255);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / Xn, y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / Yn, z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / Zn;
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
export function labToHex([L, a, bb]: Lab): string {
  const fy = (L + 16) / 116, fx = fy + a / 500, fz = fy - bb / 200;
  const x = fi(fx) * Xn, y = fi(fy) * Yn, z = fi(fz) * Zn;
  const r = 3.2406 * x - 1.5372 * y - 0.4986 * z, g = -0.9689 * x + 1.8758 * y + 0.0415 * z, b = 0.0557 * x - 0.204 * y + 1.057 * z;
  return '#' + [r, g, b].map((c) => linToSrgb(c).toString(16).padStart(2, '0')).join('');
}

/** Anchors at -1, -0.5, 0, 0.5, 1 (RdBu's ends and quarter points, a grey middle). */
export const ALIGN_ANCHORS = ['#b2182b', '#e8866d', '#c4c4c4', '#6fa7d2', '#2166ac'];
const LABS = ALIGN_ANCHORS.map(hexToLab);
const TABLE = Array.from({ length: 201 }, (_x, k) => {
  const v = k / 100 - 1, p = (v + 1) * 2, i = Math.min(3, Math.floor(p)), t = p - i;
  const a = LABS[i], b = LABS[i + 1];
  return labToHex([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]);
});

/** Colour of an alignment value (clamped to [-1, 1]; NaN: no data). */
export function alignColor(v: number): string {
  if (!Number.isFinite(v)) return NO_DATA;
  return TABLE[Math.round((Math.max(-1, Math.min(1, v)) + 1) * 100)];
}

/** Colour of a difference d on a symmetric scale of half-width `span`. */
export const diffColor = (d: number, span: number) => alignColor(span > 0 ? d / span : 0);

export const NO_DATA = '#f1efea';
export const LAND_STROKE = '#8d8a84';
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'];

/** A category of event kinds: the first word of the kind (tariff_set -> tariff), with a colour in order of first use. */
export class Categories {
  private map = new Map<string, string>();
  of(kind: string): string { return kind.split('_')[0]; }
  color(kind: string): string {
    const c = this.of(kind);
    if (!this.map.has(c)) this.map.set(c, OKABE_ITO[this.map.size % OKABE_ITO.length]);
    return this.map.get(c)!;
  }
  entries(): [string, string][] { return [...this.map.entries()]; }
}
