// The demand-flow diagram and the constraint ranking of a CapacityModel: every number in the
// chart model is the core's figure (and the hand-computed FORMAT.md §10 value), each element
// points at its YAML line, and an element is red exactly where a diagnostic or a limit
// reached below peak is.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DocumentAnalysis, FileAnalysis, analyzeFile } from '../../server/src/core/analyze';
import { documentCharts } from '../../server/src/charts/model';
import { documentSection } from '../../server/src/charts/html';
import { CapacityView, constraintsSvg, flowSvg } from '../../server/src/charts/flow';

const analyze = (text: string): FileAnalysis =>
  analyzeFile(path.join('/work/flow-fixture', 'flow.perf.yaml'), text, {});
const only = (f: FileAnalysis): DocumentAnalysis => {
  assert.equal(f.documents.length, 1);
  return f.documents[0];
};
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle));

// FORMAT.md §10.1-10.6 by hand, peak 2,000 rps, writeRatio 20%:
// - api (entry): 2,000 rps; 2,000 / (20 × 300) = 33.3% at peak; one of 3 zones lost leaves
//   20 − ceil(20 / 3) = 13 units = 3,900 rps, 2,000 / 3,900 = 51.3%.
//   api → cache: 2,000 × 1.2 = 2,400 rps × 5 ms = 12 in flight, pool 20 × 20 = 400.
//   api → db: 2,000 rps × 120 ms = 240 in flight, pool 20 × 10 = 200: CM009, multiple 200 / 240.
// - indexer (writes): 2,000 × 20% = 400 rps against 3 × 100: 133% (CM001), multiple 0.75.
//   indexer → db: 400 rps × 10 ms = 4 in flight, pool 3 × 5 = 15.
// - cache: 2,400 rps from api; misses 2,400 × 10% = 240 rps to db.
// - db: 2,000 + 400 + 240 + 28 × 40/s = 3,760 rps; connections 200 + 15 + 28 = 243 of 240 (CM003).
// - orders: ceil((2,000,000 / 1,800 + 400) / 40) = 38 workers needed (CM004); drains in
//   2,000,000 / (28 × 40 − 400) = 2,777.8 s.
// - constraints: indexer 0.75, api → db 0.833, API Gateway 2,300 / 2,000 = 1.15, api 3,
//   indexer → db 3.75, api → cache 33.3.
const FLOW = `apiVersion: perfdoc/v1
kind: CapacityModel
name: Flow
traffic:
  peakRps: 2000
  latency: 150ms
  writeRatio: 20%
headroom:
  safetyFactor: 1.5
  maxUtilization: 70%
tiers:
  - name: api
    unitRps: 300
    units: { min: 4, max: 20 }
    zones: 3
    connectionsPerUnit: 10
    dependsOn:
      - { tier: cache, callsPerRequest: 1.2, latency: 5ms, connectionsPerUnit: 20 }
      - { tier: db, latency: 120ms }
  - name: indexer
    requests: writes
    unitRps: 100
    units: { min: 2, max: 3 }
    connectionsPerUnit: 5
    dependsOn: [{ tier: db, latency: 10ms }]
  - name: cache
    hitRatio: 90%
    missesTo: db
  - name: db
    maxConnections: 240
queues:
  - name: orders
    backlog: 2000000
    ratePerWorker: 40/s
    drainTime: 30m
    workers: 28
    arrivalRate: 400/s
    connectionsPerWorker: 1
    dependsOn: [db]
quotas:
  - name: API Gateway throttle
    limit: 2300
    measures: rps
`;

describe('charts: demand flow of a CapacityModel', () => {
  const file = analyze(FLOW);
  const d = only(file);
  assert.equal(d.kind, 'CapacityModel');
  const figures = d.kind === 'CapacityModel' ? d.capacity.figures : null!;
  const views = documentCharts(file, d).capacity!.views;
  const flow = views.base.flow;
  const node = (id: string) => flow.nodes.find(n => n.id === id)!;
  const edge = (from: string, to: string, kind = 'call') =>
    flow.edges.find(e => e.from === from && e.to === to && e.kind === kind)!;
  const tierFigure = (name: string) => figures.tiers.find(t => t.tier.name === name)!;

  it('draws traffic, every tier and every queue as a box with its rate and in-flight figures', () => {
    assert.deepEqual(
      flow.nodes.map(n => [n.id, n.kind, n.rps, n.line]),
      [
        ['traffic', 'traffic', 2000, lineOf(FLOW, 'traffic:')],
        ['tier:api', 'compute', 2000, lineOf(FLOW, 'name: api')],
        ['tier:indexer', 'compute', 400, lineOf(FLOW, 'name: indexer')],
        ['tier:cache', 'cache', 2400, lineOf(FLOW, 'name: cache')],
        ['tier:db', 'data', 3760, lineOf(FLOW, 'name: db')],
        ['queue:orders', 'queue', null, lineOf(FLOW, 'name: orders')],
      ],
    );
    for (const name of ['api', 'indexer', 'cache', 'db']) {
      assert.equal(node(`tier:${name}`).rps, tierFigure(name).rps, `${name}: the core's rps`);
      assert.equal(node(`tier:${name}`).inFlight, tierFigure(name).inFlight, `${name}: the core's inFlight`);
    }
    assert.equal(node('traffic').inFlight, 300, '2,000 rps × 150 ms');
    assert.equal(node('traffic').inFlight, figures.inFlight);
    assert.deepEqual(node('tier:api').units, { min: 4, max: 20 });
    const orders = node('queue:orders');
    assert.deepEqual(
      [orders.backlog, orders.arrivalRate, orders.workers, orders.ratePerWorker],
      [2_000_000, 400, 28, 40],
    );
  });

  it('shows utilization, failover, hits, connections and drain as gauges with the core figures', () => {
    const api = node('tier:api').gauges;
    assert.deepEqual(
      api.map(g => g.measure),
      ['utilization', 'failover'],
    );
    assert.equal(api[0].value, tierFigure('api').utilizationAtPeak);
    assert.ok(Math.abs(api[0].value! - 2000 / 6000) < 1e-12);
    assert.equal(api[0].limit, 0.7);
    assert.equal(api[1].value, tierFigure('api').failoverUtilization);
    assert.ok(Math.abs(api[1].value! - 2000 / 3900) < 1e-12);
    assert.deepEqual(
      node('tier:cache').gauges.map(g => [g.measure, g.value]),
      [['hits', 0.9]],
    );
    const db = node('tier:db').gauges;
    assert.deepEqual(
      db.map(g => [g.measure, g.value, g.limit, g.status]),
      [['connections', 243, 240, 'error']],
    );
    assert.equal(db[0].value, tierFigure('db').connections);
    const drain = node('queue:orders').gauges[0];
    assert.equal(drain.measure, 'drain');
    assert.equal(drain.value, figures.queues[0].drainTimeS);
    assert.ok(Math.abs(drain.value! - 2_000_000 / 720) < 1e-9);
    assert.equal(drain.limit, 1800);
    assert.equal(drain.status, 'error', 'CM004: 28 of 38 workers');
  });

  it('draws an arrow per call with its rps, in flight and pool, misses and queue work included', () => {
    const api = tierFigure('api').calls;
    assert.deepEqual(
      flow.edges.map(e => [e.from, e.to, e.kind, e.rps, e.inFlight, e.pool]),
      [
        ['traffic', 'tier:api', 'traffic', 2000, null, null],
        ['tier:api', 'tier:cache', 'call', api[0].rps, api[0].inFlight, api[0].pool],
        ['tier:api', 'tier:db', 'call', api[1].rps, api[1].inFlight, api[1].pool],
        ['traffic', 'tier:indexer', 'traffic', 400, null, null],
        ['tier:indexer', 'tier:db', 'call', 400, tierFigure('indexer').calls[0].inFlight, 15],
        ['tier:cache', 'tier:db', 'miss', tierFigure('db').demandSources.find(s => s.via === 'miss')!.rps, null, null],
        ['queue:orders', 'tier:db', 'call', 1120, null, null],
      ],
    );
    // The hand-computed values behind the core's figures.
    assert.ok(Math.abs(edge('tier:api', 'tier:cache').rps! - 2400) < 1e-9);
    assert.ok(Math.abs(edge('tier:api', 'tier:cache').inFlight! - 12) < 1e-9);
    assert.equal(edge('tier:api', 'tier:cache').pool, 400);
    assert.ok(Math.abs(edge('tier:api', 'tier:db').inFlight! - 240) < 1e-9);
    assert.equal(edge('tier:api', 'tier:db').pool, 200);
    assert.ok(Math.abs(edge('tier:cache', 'tier:db', 'miss').rps! - 240) < 1e-9);
    assert.equal(edge('tier:api', 'tier:db').line, lineOf(FLOW, '{ tier: db, latency: 120ms }'));
  });

  it('colours what is over its limit: CM009 on the pool, CM001 on the tier, CM003 on the data tier, CM004 on the queue', () => {
    assert.equal(edge('tier:api', 'tier:db').status, 'error');
    assert.equal(edge('tier:api', 'tier:cache').status, 'ok');
    assert.equal(edge('tier:indexer', 'tier:db').status, 'ok');
    assert.equal(node('tier:indexer').status, 'error');
    assert.equal(node('tier:indexer').gauges[0].status, 'error');
    assert.equal(node('tier:api').status, 'ok');
    assert.equal(node('tier:cache').status, 'ok');
    assert.equal(node('tier:db').status, 'error');
    assert.equal(node('queue:orders').status, 'error');
  });

  it('ranks the constraints as the core does, with their lines; the first is the breaking point', () => {
    const c = views.base.constraints;
    assert.deepEqual(
      c.map(x => [x.name, x.kind, x.multiple, x.rps]),
      figures.constraints.map(x => [x.name, x.kind, x.multiple, x.rps]),
    );
    assert.deepEqual(
      c.map(x => [x.name, Math.round(x.multiple * 1000) / 1000]),
      [
        ['indexer', 0.75],
        ['api → db', 0.833],
        ['API Gateway throttle', 1.15],
        ['api', 3],
        ['indexer → db', 3.75],
        ['api → cache', 33.333],
      ],
    );
    assert.equal(c[0].line, lineOf(FLOW, 'name: indexer'));
    assert.equal(c[2].line, lineOf(FLOW, 'name: API Gateway throttle'));
    const svg = constraintsSvg(views.base, 'x');
    assert.match(svg, /0\.75× · 1,500 rps · breaks first/);
    assert.match(svg, /1× peak 2,000 rps/);
    // Reached below peak: red. Above it: not.
    assert.equal((svg.match(/pd-constraint-bar[^"]*pd-st-error/g) ?? []).length, 2);
  });

  it('renders the flow diagram with the figures as text, the over-limit elements in the error class', () => {
    const svg = flowSvg(flow, 'flow');
    for (const text of [
      '2,000 rps · 300 in flight',
      '4–20 units · 2,000 rps',
      '33% at peak · max 70%',
      'one zone lost: 51%',
      '133% at peak · max 70%',
      'hit 90% · miss 10%',
      '243 of 240 connections',
      'backlog 2,000,000',
      '28 workers × 40/s',
      'arriving 400/s',
      'drains in 46.3 min / 30 min',
      '240 in flight / pool 200',
      '12 in flight / pool 400',
      'misses 240 rps',
      '1,120 rps',
    ])
      assert.ok(svg.includes(text), `${text} in the diagram`);
    assert.match(svg, /data-node="tier:indexer"[^>]*data-line="\d+"/);
    assert.match(svg, /class="pd-flow-box pd-flow-compute pd-st-error"/);
    assert.match(svg, /class="pd-flow-edge pd-edge-call pd-st-error"/);
    const html = documentSection(file, d).html;
    assert.ok(html.includes('Demand flow at peak'), 'the report and the preview show it');
    assert.ok(html.includes('What breaks first'));
  });

  it('draws a cyclic document: the closing edge carries no demand and is marked', () => {
    const text = FLOW.replace('    maxConnections: 240\n', '    maxConnections: 240\n    dependsOn: [api]\n');
    const f = analyze(text);
    const c = documentCharts(f, only(f)).capacity!.views.base.flow;
    const closing = c.edges.find(e => e.from === 'tier:db' && e.to === 'tier:api')!;
    assert.equal(closing.rps, null);
    assert.equal(closing.status, 'error', 'PD002 on the edge that closes the cycle');
    assert.match(flowSvg(c, 'cycle'), /pd-edge-cycle/);
  });

  it('draws each declared scenario from its own figures, coloured by its own findings on each element', () => {
    const text = FLOW + 'scenarios:\n  - name: Launch day\n    traffic: 2x\n';
    const f = analyze(text);
    const doc = only(f);
    assert.equal(doc.kind, 'CapacityModel');
    const result = doc.kind === 'CapacityModel' ? doc.capacity.scenarios[0] : null!;
    const v = documentCharts(f, doc).capacity!.views;
    assert.equal(v.scenarios.length, 1);
    const launch = v.scenarios[0];
    assert.deepEqual(
      [launch.title, launch.line, launch.peakRps],
      ['Launch day', lineOf(text, 'name: Launch day'), 4000],
    );
    const api = (view: typeof launch) => view.flow.nodes.find(n => n.id === 'tier:api')!;
    assert.equal(api(launch).rps, result.figures.tiers[0].rps);
    assert.equal(api(launch).rps, 4000);
    // ceil(4,000 × 1.5 / (300 × 70%)) = 29 units of 20: CM001 on api in the scenario only.
    assert.equal(api(launch).status, 'error');
    assert.equal(api(v.base).status, 'ok');
    assert.deepEqual(
      launch.constraints.map(c => [c.name, c.multiple]),
      result.figures.constraints.map(c => [c.name, c.multiple]),
    );
    assert.equal(launch.constraints.find(c => c.name === 'api')!.multiple, 1.5, '20 × 300 / 4,000');
  });

  it('evaluates the three §21 what-ifs for a model that declares none, without a diagnostic', () => {
    assert.deepEqual(
      views.whatIfs.map(w => [w.title, w.line]),
      [
        ['One AZ removed', null],
        ['Cache hit rate 0', null],
        ['Latency 10×', null],
      ],
    );
    const [az, cold, slow] = views.whatIfs;
    const c = (v: CapacityView, name: string) => v.constraints.find(x => x.name === name)!.multiple;
    // One AZ removed: api keeps 20 − ceil(20 / 3) = 13 units: 13 × 300 / 2,000.
    assert.equal(c(az, 'api'), 1.95);
    assert.deepEqual(az.flow.nodes.find(n => n.id === 'tier:api')!.units, { min: 4, max: 13 });
    // Cache hit rate 0: every one of the 2,400 cache calls misses to the db.
    const miss = cold.flow.edges.find(e => e.kind === 'miss')!;
    assert.ok(Math.abs(miss.rps! - 2400) < 1e-9);
    assert.ok(Math.abs(cold.flow.nodes.find(n => n.id === 'tier:db')!.rps! - 5920) < 1e-9);
    // Latency 10×: 2,000 rps × 1.2 s = 2,400 in flight on api → db, pool 200; 400 × 0.1 s = 40 of 15.
    assert.ok(Math.abs(c(slow, 'api → db') - 200 / 2400) < 1e-12);
    assert.ok(Math.abs(c(slow, 'indexer → db') - 15 / 40) < 1e-12);
    assert.equal(slow.flow.edges.find(e => e.from === 'tier:indexer')!.status, 'error', 'CM009 in the what-if');
    assert.equal(slow.flow.nodes[0].inFlight, 3000, '2,000 rps × 1.5 s');
    // Information only: the document's findings are those of the model as designed.
    assert.ok(d.findings.every(x => !x.message.startsWith('[')));
    const html = documentSection(file, d).html;
    assert.match(html, /<details class="pd-figure"><summary>Flow and limits in each what-if<\/summary>/);
    assert.match(html, /Latency 10×: breaks at peak: api → db 0\.08×/);
  });
});
