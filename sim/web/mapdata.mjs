// The world map's shapes, projected once at build time (the page only inserts the paths):
// Natural Earth 1:50m countries from world-atlas (TopoJSON, keyed by ISO 3166-1 numeric),
// Antarctica left out (no economy of the model, a third of the height), in the Equal
// Earth projection fitted to a 960 x 470 box, resampled to a pixel, one decimal.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import { geoEqualEarth, geoPath, geoGraticule10 } from 'd3-geo';

export const W = 960, H = 470;

export function projectedAtlas() {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
  const feats = feature(topo, topo.objects.countries).features.filter((f) => f.id !== '010');
  const proj = geoEqualEarth().fitExtent([[4, 4], [W - 4, H - 4]], { type: 'Sphere' }).precision(1);
  const path = geoPath(proj).digits(1);
  const r1 = (x) => Math.round(x * 10) / 10;
  return {
    w: W, h: H,
    sphere: path({ type: 'Sphere' }),
    graticule: path(geoGraticule10()),
    features: feats.map((f) => { const [cx, cy] = path.centroid(f); return { id: f.id ?? null, name: f.properties?.name ?? '', d: path(f) ?? '', cx: r1(cx), cy: r1(cy) }; }),
  };
}

/** A Vite plugin: `import('virtual:hedgesim-map')` gives projectedAtlas() as a module of its own (a chunk loaded in parallel). */
export function mapPlugin() {
  const id = 'virtual:hedgesim-map';
  return {
    name: 'hedgesim-map',
    resolveId: (s) => (s === id ? '\0' + id : null),
    load: (s) => (s === '\0' + id ? `export default JSON.parse(${JSON.stringify(JSON.stringify(projectedAtlas()))});` : null),
  };
}
