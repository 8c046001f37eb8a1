// The drawing of the demand-flow diagram, the constraint ranking and the scenario views from
// chart models written by hand: labels kept apart, breaches in the error class, each scenario
// beside the model as designed, what breaks in each §21 what-if.
import * as assert from 'node:assert/strict';
import { CapacityView, FlowChart, constraintsSvg, flowSvg, renderFlowCharts } from '../../server/src/charts/flow';

describe('charts: flow diagram rendering', () => {
  const box = (id: string, status: 'ok' | 'error' = 'ok'): FlowChart['nodes'][number] => ({
    id,
    name: id,
    kind: 'tier',
    line: 1,
    rps: 10,
    inFlight: null,
    units: null,
    bottleneck: null,
    backlog: null,
    arrivalRate: null,
    workers: null,
    ratePerWorker: null,
    gauges: [],
    status,
  });

  it('keeps labels of one gap apart and inside the picture', () => {
    const chart: FlowChart = {
      nodes: [box('a'), box('b'), box('c'), box('d')],
      edges: ['b', 'c', 'd'].map(to => ({
        from: 'a',
        to,
        kind: 'call' as const,
        rps: 1234567,
        inFlight: 1234,
        pool: 99999,
        line: 1,
        status: 'ok' as const,
      })),
    };
    const svg = flowSvg(chart, 'labels');
    const rects = [
      ...svg.matchAll(
        /<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" rx="2" class="pd-flow-label-bg"/g,
      ),
    ].map(m => m.slice(1).map(Number));
    assert.equal(rects.length, 3);
    for (let i = 0; i < rects.length; i++) {
      assert.ok(rects[i][0] >= 0, 'inside on the left');
      for (let j = i + 1; j < rects.length; j++) {
        const [ax, , aw] = rects[i];
        const [bx, , bw] = rects[j];
        assert.ok(ax + aw <= bx || bx + bw <= ax, `labels ${i} and ${j} do not overlap`);
      }
    }
    const width = Number(/viewBox="0 0 ([\d.]+)/.exec(svg)![1]);
    assert.ok(
      rects.every(([x, , w]) => x + w <= width),
      'inside on the right',
    );
  });

  it('says so when no limit grows with traffic', () => {
    const view: CapacityView = { title: 'x', line: null, peakRps: 10, flow: { nodes: [], edges: [] }, constraints: [] };
    assert.match(constraintsSvg(view, 'none'), /no traffic-bound limit/);
  });

  it('shows each scenario beside the model as designed, its breaches red, and what breaks in each what-if', () => {
    const flow: FlowChart = { nodes: [box('api')], edges: [] };
    const at = (multiples: number[]): CapacityView['constraints'] =>
      multiples.map((multiple, i) => ({ name: `limit ${i}`, kind: 'tier', multiple, rps: 1000 * multiple, line: i }));
    const base: CapacityView = { title: 'as designed', line: null, peakRps: 1000, flow, constraints: at([1.5, 3]) };
    const launch: CapacityView = { title: 'Launch day', line: 7, peakRps: 3000, flow, constraints: at([0.5, 1]) };
    const whatIfs: CapacityView[] = [
      { ...base, title: 'One AZ removed', constraints: at([0.8, 0.9]) },
      { ...base, title: 'Cache hit rate 0', constraints: at([1.2, 3]) },
      { ...base, title: 'Latency 10×', constraints: [] },
    ];
    const figures = renderFlowCharts({ base, scenarios: [launch], whatIfs });
    assert.deepEqual(
      figures.map(f => [f.title.split(':')[0], f.panels?.map(p => p.title) ?? null, f.folded ?? false]),
      [
        ['Demand flow at peak', null, false],
        ['What breaks first', null, false],
        ['Scenario "Launch day" beside the model as designed', ['as designed', 'Launch day'], false],
        ['The §21 what-ifs', null, false],
        ['Flow and limits in each what-if', ['One AZ removed', 'Cache hit rate 0', 'Latency 10×'], true],
      ],
    );
    const [asDesigned, scenario] = figures[2].panels!;
    const red = (svg: string) => (svg.match(/pd-constraint-bar[^"]*pd-st-error/g) ?? []).length;
    assert.equal(red(asDesigned.svg), 0, 'nothing breaks as designed');
    assert.equal(red(scenario.svg), 1, 'Launch day: the limit reached at 0.5× is red, the one at exactly 1× is not');
    const summary = figures[3].svg;
    assert.match(summary, /One AZ removed: breaks at peak: limit 0 0\.8×, limit 1 0\.9×/);
    assert.match(summary, /Cache hit rate 0: holds at peak; first limit 0 at 1\.2×/);
    assert.match(summary, /Latency 10×: no traffic-bound limit/);
    assert.match(summary, /as designed: holds at peak; first limit 0 at 1\.5×/);
    // Without what-ifs (no peak to scale, say), neither the summary nor the folded panels.
    assert.equal(renderFlowCharts({ base, scenarios: [], whatIfs: [] }).length, 2);
  });
});
