// The layered layout of the demand-flow diagram: same picture for the same input, no two
// boxes overlapping, every edge going down one layer per step (waypoints between), crossings
// removed where an order without them exists, and cyclic documents still laid out.
import * as assert from 'node:assert/strict';
import { DEFAULT_LAYOUT, Layout, LayoutEdge, LayoutNode, layeredLayout } from '../../server/src/charts/layout';

const box = (id: string, width = 120, height = 50): LayoutNode => ({ id, width, height });
const edge = (from: string, to: string): LayoutEdge => ({ from, to });
const layerOf = (l: Layout, id: string) => l.nodes.find(n => n.id === id)!.layer;

function overlaps(l: Layout): string[] {
  const found: string[] = [];
  for (let i = 0; i < l.nodes.length; i++)
    for (let j = i + 1; j < l.nodes.length; j++) {
      const a = l.nodes[i];
      const b = l.nodes[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        found.push(`${a.id}/${b.id}`);
    }
  return found;
}

/** Pairs of edge segments that cross (strictly, not at a shared end). */
function geometricCrossings(l: Layout): number {
  const segments = l.edges.flatMap(e => e.points.slice(1).map((p, i) => [e.points[i], p] as const));
  const orient = (a: { x: number; y: number }, b: { x: number; y: number }, c: { x: number; y: number }) =>
    Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  let n = 0;
  for (let i = 0; i < segments.length; i++)
    for (let j = i + 1; j < segments.length; j++) {
      const [p1, p2] = segments[i];
      const [q1, q2] = segments[j];
      if (orient(p1, p2, q1) * orient(p1, p2, q2) < 0 && orient(q1, q2, p1) * orient(q1, q2, p2) < 0) n++;
    }
  return n;
}

/** Boxes that an edge segment passes through (other than its own two ends). */
function edgesThroughBoxes(l: Layout): string[] {
  const found: string[] = [];
  for (const e of l.edges)
    for (const n of l.nodes) {
      if (n.id === e.from || n.id === e.to) continue;
      for (let k = 1; k < e.points.length; k++) {
        const [a, b] = [e.points[k - 1], e.points[k]];
        // Sample the segment: boxes are large compared with the step.
        for (let t = 0; t <= 1; t += 0.02) {
          const x = a.x + (b.x - a.x) * t;
          const y = a.y + (b.y - a.y) * t;
          if (x > n.x && x < n.x + n.width && y > n.y && y < n.y + n.height) {
            found.push(`${e.from}->${e.to} through ${n.id}`);
            t = 2;
            k = e.points.length;
          }
        }
      }
    }
  return found;
}

// A case API: traffic enters at the edge tier, which calls the api; the api reads a cache that
// misses to the db, calls search and the db directly; a queue's workers also call the db.
const NODES = ['edge', 'api', 'cache', 'search', 'db', 'orders'].map(id => box(id));
const EDGES = [
  edge('edge', 'api'),
  edge('api', 'cache'),
  edge('api', 'search'),
  edge('api', 'db'),
  edge('cache', 'db'),
  edge('orders', 'db'),
];

describe('charts: layered layout', () => {
  it('puts each node one layer below its deepest caller (longest path from the entry nodes)', () => {
    const l = layeredLayout(NODES, EDGES);
    assert.deepEqual(
      NODES.map(n => [n.id, layerOf(l, n.id)]),
      [
        ['edge', 0],
        ['api', 1],
        ['cache', 2],
        ['search', 2],
        ['db', 3],
        ['orders', 0],
      ],
    );
    // Layers stack downwards: every box of layer k is above every box of layer k + 1.
    for (const a of l.nodes)
      for (const b of l.nodes) if (a.layer < b.layer) assert.ok(a.y + a.height <= b.y, `${a.id} above ${b.id}`);
  });

  it('gives the same layout for the same input', () => {
    assert.deepEqual(layeredLayout(NODES, EDGES), layeredLayout(NODES, EDGES));
    assert.deepEqual(
      layeredLayout(
        NODES.map(n => ({ ...n })),
        EDGES.map(e => ({ ...e })),
      ),
      layeredLayout(NODES, EDGES),
    );
  });

  it('never overlaps two boxes, also with wide boxes, many per layer and a duplicated id', () => {
    const wide = [box('root', 300), ...Array.from({ length: 7 }, (_, i) => box(`leaf${i}`, 90 + i * 20, 40 + i * 5))];
    const l = layeredLayout(
      [...wide, box('leaf3')],
      wide.slice(1).map(n => edge('root', n.id)),
    );
    assert.equal(l.nodes.length, 8, 'a repeated id is drawn once');
    assert.deepEqual(overlaps(l), []);
    assert.deepEqual(overlaps(layeredLayout(NODES, EDGES)), []);
    for (const n of l.nodes) {
      assert.ok(n.x >= DEFAULT_LAYOUT.margin - 1e-9 && n.x + n.width <= l.width + 1e-9, `${n.id} inside the width`);
      assert.ok(n.y >= 0 && n.y + n.height <= l.height, `${n.id} inside the height`);
    }
  });

  it('routes every edge from the bottom of its caller to the top of its callee, one layer per step', () => {
    const l = layeredLayout(NODES, EDGES);
    for (const e of l.edges) {
      const from = l.nodes.find(n => n.id === e.from)!;
      const to = l.nodes.find(n => n.id === e.to)!;
      assert.equal(e.points.length, to.layer - from.layer + 1, `${e.from}->${e.to}: a point per layer`);
      assert.equal(e.points[0].y, from.y + from.height);
      assert.equal(e.points[e.points.length - 1].y, to.y);
      assert.ok(e.points[0].x >= from.x && e.points[0].x <= from.x + from.width, 'leaves from its caller');
      assert.ok(e.points.at(-1)!.x >= to.x && e.points.at(-1)!.x <= to.x + to.width, 'arrives at its callee');
      for (let k = 1; k < e.points.length; k++) assert.ok(e.points[k].y > e.points[k - 1].y, 'always downwards');
    }
    // api -> db skips the cache's layer: it gets a waypoint there and runs through no box.
    assert.equal(l.edges.find(e => e.from === 'api' && e.to === 'db')!.points.length, 3);
    assert.deepEqual(edgesThroughBoxes(l), []);
  });

  it('spreads parallel edges of one box over its side instead of drawing them on top of each other', () => {
    const l = layeredLayout([box('api'), box('db')], [edge('api', 'db'), edge('api', 'db')]);
    assert.notEqual(l.edges[0].points[0].x, l.edges[1].points[0].x);
  });

  it('orders a layer so that edges do not cross when they need not', () => {
    // In input order a1 calls b2 and a2 calls b1: the lines cross unless one layer is reordered.
    const l = layeredLayout(
      ['a1', 'a2', 'b1', 'b2'].map(id => box(id)),
      [edge('a1', 'b2'), edge('a2', 'b1')],
    );
    assert.equal(geometricCrossings(l), 0);
    assert.equal(geometricCrossings(layeredLayout(NODES, EDGES)), 0);
    // K(2,2) must cross once whatever the order: the sweep must not make it worse or loop.
    const k22 = layeredLayout(
      ['a', 'b', 'c', 'd'].map(id => box(id)),
      [edge('a', 'c'), edge('a', 'd'), edge('b', 'c'), edge('b', 'd')],
    );
    assert.equal(geometricCrossings(k22), 1);
  });

  it('centres a lone callee under its callers', () => {
    const l = layeredLayout([box('a'), box('b'), box('db')], [edge('a', 'db'), edge('b', 'db')]);
    const [a, b, db] = l.nodes;
    const mid = (n: { x: number; width: number }) => n.x + n.width / 2;
    assert.ok(Math.abs(mid(db) - (mid(a) + mid(b)) / 2) < 1e-6);
  });

  it('tolerates cycles: the closing edge is turned round and drawn upwards, a self loop beside its box', () => {
    const l = layeredLayout(
      ['entry', 'a', 'b', 'c'].map(id => box(id)),
      [edge('entry', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('b', 'b')],
    );
    assert.deepEqual(
      l.nodes.map(n => [n.id, n.layer]),
      [
        ['entry', 0],
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    );
    const closing = l.edges.find(e => e.from === 'c')!;
    assert.equal(closing.reversed, true);
    assert.ok(closing.points[0].y > closing.points.at(-1)!.y, 'runs upwards from c to a');
    assert.equal(closing.points[0].y, l.nodes[3].y, 'leaves the top of c');
    assert.equal(closing.points.at(-1)!.y, l.nodes[1].y + l.nodes[1].height, 'reaches the bottom of a');
    const loop = l.edges.find(e => e.from === 'b' && e.to === 'b')!;
    assert.equal(loop.selfLoop, true);
    assert.ok(loop.points.every(p => p.x >= l.nodes[2].x + l.nodes[2].width));
    assert.deepEqual(overlaps(l), []);
    // A graph that is only a cycle has no entry node: it is still laid out, in input order.
    const ring = layeredLayout(
      ['x', 'y', 'z'].map(id => box(id)),
      [edge('x', 'y'), edge('y', 'z'), edge('z', 'x')],
    );
    assert.deepEqual(
      ring.nodes.map(n => n.layer),
      [0, 1, 2],
    );
    assert.deepEqual(
      ring.edges.map(e => e.reversed),
      [false, false, true],
    );
  });

  it('ignores edges to unknown nodes and lays out nothing as an empty picture', () => {
    const l = layeredLayout([box('a')], [edge('a', 'ghost'), edge('ghost', 'a')]);
    assert.equal(l.edges.length, 0);
    assert.equal(l.nodes[0].layer, 0);
    const empty = layeredLayout([], []);
    assert.deepEqual(empty, { nodes: [], edges: [], layers: [], width: 16, height: 16 });
  });

  it('lays out a long chain without running out of stack', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `t${i}`);
    const l = layeredLayout(
      ids.map(id => box(id, 20, 10)),
      ids.slice(1).map((id, i) => edge(ids[i], id)),
      { ...DEFAULT_LAYOUT, layerGap: 4 },
    );
    assert.equal(l.nodes.at(-1)!.layer, 1999);
  });
});
