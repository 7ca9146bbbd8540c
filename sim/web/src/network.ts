/**
 * The network view: countries as nodes (area by GDP, coloured by alignment), trade
 * links and bloc ties (the world's peer adjacency, as the model reads it) as edges,
 * laid out by d3-force on a canvas. Works for synthetic worlds, which have no map:
 * large worlds draw edges as one path and stop the layout once it has settled.
 */
import { forceSimulation, forceLink, forceManyBody, forceX, forceY, type Simulation, type SimulationNodeDatum } from 'd3-force';
import { alignColor } from './colors.ts';
import type { Graph } from './protocol.ts';

interface Node extends SimulationNodeDatum { i: number; r: number }

export class NetworkView {
  private canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private nodes: Node[] = [];
  private edges = new Int32Array(0);
  private sim: Simulation<Node, undefined> | null = null;
  private value: (i: number) => number = () => NaN;
  private selected: number | null = null;
  private raf = 0;
  private dirty = true;
  /** frames drawn and ticks of the layout (the benchmark reads them) */
  stats = { frames: 0, ticks: 0, started: 0, settled: 0 };
  onPick: (row: number) => void = () => {};
  active = false;

  constructor(private host: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Network of trade links and blocs, countries coloured by alignment');
    this.canvas.className = 'network';
    host.replaceChildren(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    this.canvas.addEventListener('click', (ev) => {
      if (!this.sim) return;
      const [x, y] = this.toWorld(ev);
      const n = this.sim.find(x, y, 30);
      if (n) this.onPick(n.i);
    });
    new ResizeObserver(() => { this.resize(); }).observe(host);
  }

  private scale = 1;
  private toWorld(ev: MouseEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [(ev.clientX - r.left - r.width / 2) / this.scale, (ev.clientY - r.top - r.height / 2) / this.scale];
  }

  private resize() {
    const r = this.host.getBoundingClientRect(), dpr = Math.min(2, window.devicePixelRatio || 1);
    this.canvas.width = Math.max(1, Math.round(r.width * dpr));
    this.canvas.height = Math.max(1, Math.round(r.height * dpr));
    this.dirty = true;
  }

  /** A new world: nodes and undirected edges from the CSR adjacency (each pair once). */
  setGraph(n: number, graph: Graph, gdp: Float64Array): void {
    this.sim?.stop();
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, gdp[i]);
    const rmax = n > 2000 ? 6 : n > 200 ? 10 : 22;
    const rmin = n > 2000 ? 1.2 : 3;
    this.nodes = Array.from({ length: n }, (_x, i) => {
      const a = (i / n) * 2 * Math.PI * 7, rr = 10 * Math.sqrt(i + 1);
      return { i, r: Math.max(rmin, rmax * Math.sqrt(gdp[i] / (gmax || 1))), x: rr * Math.cos(a), y: rr * Math.sin(a) };
    });
    const e: number[] = [];
    const { linkStart, linkTo } = graph;
    for (let i = 0; i < n; i++) for (let k = linkStart[i]; k < linkStart[i + 1]; k++) { const j = linkTo[k]; if (j > i) e.push(i, j); }
    this.edges = Int32Array.from(e);
    const links = [];
    for (let k = 0; k < this.edges.length; k += 2) links.push({ source: this.edges[k], target: this.edges[k + 1] });
    this.stats = { frames: 0, ticks: 0, started: performance.now(), settled: 0 };
    this.sim = forceSimulation<Node>(this.nodes)
      .force('link', forceLink(links).strength(n > 2000 ? 0.05 : 0.2).distance(n > 2000 ? 8 : 40))
      .force('charge', forceManyBody<Node>().strength(n > 2000 ? -4 : -60).theta(n > 2000 ? 1.2 : 0.9))
      .force('x', forceX<Node>(0).strength(0.05))
      .force('y', forceY<Node>(0).strength(0.05))
      .alphaDecay(n > 2000 ? 0.05 : 0.03)
      .on('tick', () => { this.stats.ticks++; this.dirty = true; })
      .on('end', () => { this.stats.settled = performance.now(); });
    if (!this.active) this.sim.stop();
    this.resize();
    this.loop();
  }

  setValues(value: (i: number) => number): void { this.value = value; this.dirty = true; }
  select(i: number | null): void { this.selected = i; this.dirty = true; }

  show(on: boolean): void {
    this.active = on;
    if (on) { this.resize(); if (this.sim && this.sim.alpha() > this.sim.alphaMin()) this.sim.restart(); this.loop(); }
    else { this.sim?.stop(); cancelAnimationFrame(this.raf); }
  }

  private loop = () => {
    cancelAnimationFrame(this.raf);
    if (!this.active) return;
    if (this.dirty) { this.draw(); this.dirty = false; }
    this.raf = requestAnimationFrame(this.loop);
  };

  private draw() {
    const { ctx, canvas, nodes, edges } = this;
    this.stats.frames++;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!nodes.length) return;
    let ext = 1;
    for (const nd of nodes) ext = Math.max(ext, Math.abs(nd.x!) + nd.r, Math.abs(nd.y!) + nd.r);
    this.scale = (Math.min(canvas.width, canvas.height) / 2 / ext) / (canvas.width / canvas.getBoundingClientRect().width || 1);
    const s = Math.min(canvas.width, canvas.height) / 2 / ext;
    ctx.setTransform(s, 0, 0, s, canvas.width / 2, canvas.height / 2);
    ctx.lineWidth = 0.6 / s;
    ctx.strokeStyle = nodes.length > 2000 ? 'rgba(90,90,90,0.08)' : 'rgba(90,90,90,0.3)';
    ctx.beginPath();
    for (let k = 0; k < edges.length; k += 2) {
      const a = nodes[edges[k]], b = nodes[edges[k + 1]];
      ctx.moveTo(a.x!, a.y!); ctx.lineTo(b.x!, b.y!);
    }
    ctx.stroke();
    // nodes batched by colour: one path per colour
    const byColor = new Map<string, Node[]>();
    for (const nd of nodes) { const c = alignColor(this.value(nd.i)); let l = byColor.get(c); if (!l) byColor.set(c, (l = [])); l.push(nd); }
    for (const [c, l] of byColor) {
      ctx.fillStyle = c;
      ctx.beginPath();
      for (const nd of l) { ctx.moveTo(nd.x! + nd.r, nd.y!); ctx.arc(nd.x!, nd.y!, nd.r, 0, 2 * Math.PI); }
      ctx.fill();
    }
    if (nodes.length <= 400) {
      ctx.lineWidth = 0.8 / s;
      ctx.strokeStyle = '#555';
      ctx.beginPath();
      for (const nd of nodes) { ctx.moveTo(nd.x! + nd.r, nd.y!); ctx.arc(nd.x!, nd.y!, nd.r, 0, 2 * Math.PI); }
      ctx.stroke();
    }
    if (this.selected !== null && nodes[this.selected]) {
      const nd = nodes[this.selected];
      ctx.lineWidth = 3 / s;
      ctx.strokeStyle = '#000';
      ctx.beginPath(); ctx.arc(nd.x!, nd.y!, nd.r + 2 / s, 0, 2 * Math.PI); ctx.stroke();
    }
    if (nodes.length <= 60 && this.ids.length === nodes.length) {
      const px = canvas.width / (canvas.getBoundingClientRect().width || canvas.width);
      ctx.fillStyle = '#222';
      ctx.font = `${(11 * px) / s}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      for (const nd of nodes) ctx.fillText(this.ids[nd.i], nd.x!, nd.y! + nd.r + (11 * px) / s);
    }
  }

  /** Ids drawn under the nodes of small worlds. */
  labelsFor(ids: string[]): void { this.ids = ids; this.dirty = true; }
  private ids: string[] = [];
}
