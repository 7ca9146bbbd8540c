/// <reference types="vite/client" />

declare module 'virtual:hedgesim-map' {
  /** The country shapes, projected at build time (sim/web/mapdata.mjs). */
  const map: {
    w: number; h: number; sphere: string; graticule: string;
    features: { id: string | null; name: string; d: string; cx: number; cy: number }[];
  };
  export default map;
}
