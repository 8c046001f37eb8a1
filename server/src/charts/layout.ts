// A small layered (Sugiyama-style) layout for the demand-flow diagram: traffic enters at the
// top and flows down through the tiers. Written here rather than taken from dagre/elkjs: those
// are 100-500 KB for what is, for a capacity model, a handful of boxes, and neither promises
// the same picture for the same input across versions; this one is deterministic (input order
// breaks every tie), has fixed box sizes and no DOM, and its few steps are tested one by one.
//   1. Cycles: a depth-first search in input order reverses the edges that close a cycle, so
//      a cyclic document (PD002) still gets a picture, the closing edge drawn upwards.
//   2. Layers: longest path from the entry nodes (a node sits one layer below its deepest caller).
//   3. Edges spanning several layers get a waypoint per layer they cross, so no edge runs
//      through a box.
//   4. Order within a layer: barycenter sweeps down and up; the order with fewest crossings wins.
//   5. Coordinates: each node moves towards the mean x of its neighbours, never closer than
//      `nodeGap` to the next one in its layer.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface LayoutOptions {
  /** Vertical room between two layers (edge labels go there). */
  layerGap: number;
  /** Horizontal room between two boxes, or a box and an edge's waypoint. */
  nodeGap: number;
  margin: number;
  /** Width reserved for an edge passing through a layer. */
  waypointWidth: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode extends LayoutNode {
  /** Top-left corner. */
  x: number;
  y: number;
  layer: number;
}

export interface RoutedEdge extends LayoutEdge {
  /** From the caller's box edge through one waypoint per crossed layer to the callee's box edge. */
  points: Point[];
  /** The edge closes a cycle: it runs upwards, from the top of `from` to the bottom of `to`. */
  reversed: boolean;
  /** A node calling itself: drawn as a loop on its right. */
  selfLoop: boolean;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: RoutedEdge[];
  /** Each layer's top and height: the gap under layer k runs from its bottom to layer k + 1's top. */
  layers: { top: number; height: number }[];
  width: number;
  height: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { layerGap: 56, nodeGap: 24, margin: 8, waypointWidth: 12 };

const SWEEPS = 4;
const POSITION_PASSES = 4;

/** Slot in a layer: a real node or an edge's waypoint. */
interface Slot {
  index: number;
  width: number;
  height: number;
  layer: number;
  /** Real node id, or null for a waypoint. */
  id: string | null;
  up: number[];
  down: number[];
}

export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = DEFAULT_LAYOUT,
): Layout {
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!indexOf.has(n.id)) indexOf.set(n.id, i);
  });
  const unique = nodes.filter((n, i) => indexOf.get(n.id) === i);
  const reindex = new Map(unique.map((n, i) => [n.id, i]));
  const known = edges.filter(e => reindex.has(e.from) && reindex.has(e.to));
  const links = known.map(e => ({ edge: e, from: reindex.get(e.from)!, to: reindex.get(e.to)! }));

  const reversed = backEdges(unique.length, links);
  // Each edge as it points in the acyclic graph (closing edges turned round).
  const directed = links.map((l, i) =>
    reversed.has(i) ? { ...l, top: l.to, bottom: l.from, rev: true } : { ...l, top: l.from, bottom: l.to, rev: false },
  );
  const layerOf = longestPathLayers(
    unique.length,
    directed.filter(d => d.from !== d.to),
  );

  // Slots: the real nodes, then one waypoint per layer an edge crosses.
  const slots: Slot[] = unique.map((n, i) => ({
    index: i,
    width: n.width,
    height: n.height,
    layer: layerOf[i],
    id: n.id,
    up: [],
    down: [],
  }));
  const chains = directed.map(d => {
    if (d.from === d.to) return [d.top];
    const chain = [d.top];
    for (let layer = layerOf[d.top] + 1; layer < layerOf[d.bottom]; layer++) {
      const w: Slot = {
        index: slots.length,
        width: options.waypointWidth,
        height: 0,
        layer,
        id: null,
        up: [],
        down: [],
      };
      slots.push(w);
      chain.push(w.index);
    }
    chain.push(d.bottom);
    for (let k = 1; k < chain.length; k++) {
      slots[chain[k - 1]].down.push(chain[k]);
      slots[chain[k]].up.push(chain[k - 1]);
    }
    return chain;
  });

  const layerCount = Math.max(0, ...slots.map(s => s.layer + 1));
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (const s of slots) layers[s.layer].push(s.index);
  const ordered = orderLayers(layers, slots);
  const xCenter = positionLayers(ordered, slots, options);

  // y: every layer as tall as its tallest box; boxes centred on the layer's middle line.
  const layerTop: number[] = [];
  const layerHeight = ordered.map(l => Math.max(0, ...l.map(i => slots[i].height)));
  let y = options.margin;
  for (let l = 0; l < layerCount; l++) {
    layerTop.push(y);
    y += layerHeight[l] + options.layerGap;
  }
  const height = layerCount ? y - options.layerGap + options.margin : 2 * options.margin;
  const top = (i: number) => layerTop[slots[i].layer] + (layerHeight[slots[i].layer] - slots[i].height) / 2;

  const placed: PlacedNode[] = unique.map((n, i) => ({
    ...n,
    x: xCenter[i] - n.width / 2,
    y: top(i),
    layer: layerOf[i],
  }));
  const width = Math.max(
    2 * options.margin,
    ...placed.map(p => p.x + p.width + options.margin),
    ...slots.map(s => xCenter[s.index] + s.width / 2 + options.margin),
  );

  // Ports: a box's outgoing edges leave its bottom side spread in the order of their next
  // point's x, incoming edges reach its top the same way, so parallel edges do not coincide.
  const ports = portOffsets(directed, chains, slots, xCenter);
  const routed: RoutedEdge[] = directed.map((d, i) => {
    if (d.from === d.to) {
      const n = placed[d.from];
      const right = n.x + n.width;
      return {
        ...d.edge,
        points: [
          { x: right, y: n.y + n.height * 0.3 },
          { x: right + 18, y: n.y + n.height * 0.3 },
          { x: right + 18, y: n.y + n.height * 0.7 },
          { x: right, y: n.y + n.height * 0.7 },
        ],
        reversed: false,
        selfLoop: true,
      };
    }
    const chain = chains[i];
    const points = chain.map((s, k) => {
      if (k === 0) return { x: xCenter[s] + ports.out[i], y: top(s) + slots[s].height };
      if (k === chain.length - 1) return { x: xCenter[s] + ports.in[i], y: top(s) };
      return { x: xCenter[s], y: layerTop[slots[s].layer] + layerHeight[slots[s].layer] / 2 };
    });
    return { ...d.edge, points: d.rev ? points.reverse() : points, reversed: d.rev, selfLoop: false };
  });
  return {
    nodes: placed,
    edges: routed,
    layers: layerTop.map((t, l) => ({ top: t, height: layerHeight[l] })),
    width,
    height,
  };
}

/** Edges (by index into `links`) that close a cycle, found by a depth-first search in input order. */
function backEdges(count: number, links: { from: number; to: number }[]): Set<number> {
  const out: number[][] = Array.from({ length: count }, () => []);
  const hasIncoming = new Array<boolean>(count).fill(false);
  links.forEach((l, i) => {
    if (l.from === l.to) return; // a self loop is drawn as a loop, it does not order anything
    out[l.from].push(i);
    hasIncoming[l.to] = true;
  });
  const state = new Array<0 | 1 | 2>(count).fill(0); // unvisited, on the stack, done
  const back = new Set<number>();
  const visit = (root: number) => {
    // Iterative, so a long chain cannot overflow the stack.
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next === out[top.node].length) {
        state[top.node] = 2;
        stack.pop();
        continue;
      }
      const edge = out[top.node][top.next++];
      const to = links[edge].to;
      if (state[to] === 1) back.add(edge);
      else if (state[to] === 0) {
        state[to] = 1;
        stack.push({ node: to, next: 0 });
      }
    }
  };
  // Entry nodes first, so a cycle below them is closed by the edge that returns upwards.
  for (let i = 0; i < count; i++) if (!hasIncoming[i] && state[i] === 0) visit(i);
  for (let i = 0; i < count; i++) if (state[i] === 0) visit(i);
  return back;
}

/** Layer of each node: 0 for a node nothing points at, else one below its deepest predecessor. */
function longestPathLayers(count: number, edges: { top: number; bottom: number }[]): number[] {
  const layer = new Array<number>(count).fill(0);
  const indegree = new Array<number>(count).fill(0);
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const e of edges) {
    out[e.top].push(e.bottom);
    indegree[e.bottom]++;
  }
  const ready: number[] = [];
  for (let i = 0; i < count; i++) if (indegree[i] === 0) ready.push(i);
  for (let k = 0; k < ready.length; k++) {
    const n = ready[k];
    for (const m of out[n]) {
      layer[m] = Math.max(layer[m], layer[n] + 1);
      if (--indegree[m] === 0) ready.push(m);
    }
  }
  return layer;
}

/** Crossings between two adjacent layers: pairs of edges whose ends are in opposite orders. */
function crossingsBetween(upper: number[], lower: number[], slots: Slot[]): number {
  const pos = new Map(lower.map((s, i) => [s, i]));
  const ends: [number, number][] = [];
  upper.forEach((s, i) => {
    for (const d of slots[s].down) ends.push([i, pos.get(d)!]);
  });
  let crossings = 0;
  for (let a = 0; a < ends.length; a++)
    for (let b = a + 1; b < ends.length; b++) {
      const [ua, la] = ends[a];
      const [ub, lb] = ends[b];
      if ((ua - ub) * (la - lb) < 0) crossings++;
    }
  return crossings;
}

function crossings(layers: number[][], slots: Slot[]): number {
  let total = 0;
  for (let l = 0; l + 1 < layers.length; l++) total += crossingsBetween(layers[l], layers[l + 1], slots);
  return total;
}

/** Barycenter sweeps; keeps the first order with the fewest crossings (so ties keep input order). */
function orderLayers(initial: number[][], slots: Slot[]): number[][] {
  let layers = initial.map(l => [...l]);
  let best = layers.map(l => [...l]);
  let bestCrossings = crossings(layers, slots);
  const sortBy = (layer: number[], neighbours: (s: Slot) => number[], reference: number[]) => {
    const pos = new Map(reference.map((s, i) => [s, i]));
    const keyed = layer.map((s, i) => {
      const ns = neighbours(slots[s]);
      return { s, key: ns.length ? ns.reduce((sum, n) => sum + pos.get(n)!, 0) / ns.length : i, i };
    });
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    return keyed.map(k => k.s);
  };
  for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
    for (let l = 1; l < layers.length; l++) layers[l] = sortBy(layers[l], s => s.up, layers[l - 1]);
    for (let l = layers.length - 2; l >= 0; l--) layers[l] = sortBy(layers[l], s => s.down, layers[l + 1]);
    const c = crossings(layers, slots);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map(l => [...l]);
    }
  }
  layers = best;
  return layers;
}

/** The x of each slot's centre. */
function positionLayers(layers: number[][], slots: Slot[], o: LayoutOptions): number[] {
  const x = new Array<number>(slots.length).fill(0);
  const layerWidth = (l: number[]) => l.reduce((w, s) => w + slots[s].width, 0) + Math.max(0, l.length - 1) * o.nodeGap;
  const widest = Math.max(0, ...layers.map(layerWidth));
  // Start: each layer packed and centred under the widest one.
  for (const l of layers) {
    let left = o.margin + (widest - layerWidth(l)) / 2;
    for (const s of l) {
      x[s] = left + slots[s].width / 2;
      left += slots[s].width + o.nodeGap;
    }
  }
  const settle = (l: number[], neighbours: (s: Slot) => number[]) => {
    const wanted = l.map(s => {
      const ns = neighbours(slots[s]);
      return ns.length ? ns.reduce((sum, n) => sum + x[n], 0) / ns.length : x[s];
    });
    // Keep the order and the gaps: push right where needed, then shift the whole layer back
    // so that on average it sits where its nodes want to be.
    const placed: number[] = [];
    l.forEach((s, i) => {
      const min = i ? placed[i - 1] + (slots[l[i - 1]].width + slots[s].width) / 2 + o.nodeGap : -Infinity;
      placed.push(Math.max(wanted[i], min));
    });
    const shift = l.length ? wanted.reduce((a, w, i) => a + w - placed[i], 0) / l.length : 0;
    l.forEach((s, i) => {
      x[s] = placed[i] + shift;
    });
  };
  for (let pass = 0; pass < POSITION_PASSES; pass++) {
    for (let l = 1; l < layers.length; l++) settle(layers[l], s => s.up);
    for (let l = layers.length - 2; l >= 0; l--) settle(layers[l], s => [...s.down, ...s.up]);
  }
  // Move everything right of the margin.
  const left = Math.min(Infinity, ...slots.map(s => x[s.index] - s.width / 2));
  if (Number.isFinite(left)) for (let i = 0; i < x.length; i++) x[i] += o.margin - left;
  return x;
}

/** Horizontal offset of each edge's first and last point from its box's centre. */
function portOffsets(
  directed: { top: number; bottom: number; from: number; to: number }[],
  chains: number[][],
  slots: Slot[],
  x: number[],
): { out: number[]; in: number[] } {
  const out = new Array<number>(directed.length).fill(0);
  const into = new Array<number>(directed.length).fill(0);
  const spread = (edges: number[], box: number, toward: (e: number) => number, result: number[]) => {
    const sorted = [...edges].sort((a, b) => toward(a) - toward(b) || a - b);
    const usable = slots[box].width * 0.6;
    sorted.forEach((e, k) => {
      result[e] = sorted.length > 1 ? -usable / 2 + (usable * k) / (sorted.length - 1) : 0;
    });
  };
  const byBottomOf = new Map<number, number[]>();
  const byTopOf = new Map<number, number[]>();
  directed.forEach((d, i) => {
    if (d.from === d.to) return;
    byBottomOf.set(d.top, [...(byBottomOf.get(d.top) ?? []), i]);
    byTopOf.set(d.bottom, [...(byTopOf.get(d.bottom) ?? []), i]);
  });
  for (const [box, es] of byBottomOf) spread(es, box, e => x[chains[e][1]], out);
  for (const [box, es] of byTopOf) spread(es, box, e => x[chains[e][chains[e].length - 2]], into);
  return { out, in: into };
}
