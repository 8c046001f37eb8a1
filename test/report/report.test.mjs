// `perfdoc report` in a real browser: the report of examples/ opened from disk in headless
// Chromium (Debian's, driven by playwright-core, both installed by scripts/e2e-setup.mjs).
// Screenshots of every document go to test-artifacts/report/. It asserts that the page fetches
// nothing, logs no error, shows every document with its charts, and that the charts show the
// examples' figures where they belong.
//   npm run test:report
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { CHROMIUM, REPO_ROOT, RUNNER_DIR, ensureRunner, ensureSystemPackages } from '../../scripts/e2e-setup.mjs';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'report');
const REPORT = join(ARTIFACTS, 'report.html');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');

describe('perfdoc report in Chromium', function () {
  let browser;
  let page;
  /** Everything the page said or asked for, checked at the end. */
  const consoleProblems = [];
  const requests = [];
  /** Documents as `perfdoc check --format json` lists them: what the report must show. */
  let checked;

  before(async function () {
    this.timeout(600_000); // a first run may install Chromium and playwright-core
    ensureSystemPackages();
    ensureRunner();
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const run = spawnSync(process.execPath, [CLI, 'report', 'examples', '--out', REPORT], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    // examples/rules/ holds errors by design: exit 1, and the report is written all the same.
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /wrote .*report\.html/);
    const json = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'examples'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    checked = JSON.parse(json.stdout);

    const { chromium } = createRequire(join(RUNNER_DIR, 'package.json'))('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 900, height: 1000 }, colorScheme: 'light' });
    page.on('console', m => {
      if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', e => consoleProblems.push(`pageerror: ${e.message}`));
    page.on('request', r => requests.push(r.url()));
    await page.goto(pathToFileURL(REPORT).href, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
  });

  /** The SVG text of the section of document `name` (file order), for asserting figures. */
  const chartText = name =>
    page.$$eval(
      'section.pd-doc',
      (sections, wanted) => {
        const s = sections.find(x => x.querySelector('h2')?.textContent.trim().endsWith(wanted));
        return s ? [...s.querySelectorAll('svg text')].map(t => t.textContent).join(' | ') : null;
      },
      name,
    );

  it('shows a section with a heading for every document of every file', async () => {
    const expected = checked.files.flatMap(f =>
      f.documents.map(d => `${d.kind ?? 'not a perfdoc document'} ${d.name ?? ''}`.trim()),
    );
    const headings = await page.$$eval('section.pd-doc h2', hs =>
      hs.map(h => h.textContent.replace(/\s+/g, ' ').trim()),
    );
    assert.deepEqual(headings, expected);
    const files = await page.$$eval('article > h1', hs => hs.map(h => h.textContent));
    assert.deepEqual(
      files,
      checked.files.map(f => f.path),
    );
  });

  it('draws the charts of each kind and lists every finding', async () => {
    const perSection = await page.$$eval('section.pd-doc', ss =>
      ss.map(s => ({
        svgs: s.querySelectorAll('svg.pd-chart').length,
        findings: s.querySelectorAll('.pd-findings li').length,
        suppressed: [...s.querySelectorAll('.pd-suppressed li')].map(li => li.textContent),
      })),
    );
    const docs = checked.files.flatMap(f => f.documents.map(d => ({ ...d, path: f.path })));
    docs.forEach((d, i) => {
      // JSON lists a suppressed finding with its reason (FORMAT.md §13); the report apart, with it.
      const suppressed = d.diagnostics.filter(x => x.suppressed);
      assert.equal(perSection[i].findings, d.diagnostics.length - suppressed.length, `${d.name}: findings`);
      assert.deepEqual(
        perSection[i].suppressed.map(t => t.slice(t.indexOf(' — suppressed: ') + 15)),
        suppressed.map(x => x.suppressed),
        `${d.name}: suppressed, each with its reason`,
      );
      if (d.kind === 'LatencyBudget') assert.equal(perSection[i].svgs, 2, `${d.name}: waterfall and worst case`);
      if (d.kind === 'LoadTestPlan') {
        // Coverage and criteria, and one "measured" chart per test whose `results:` file was read.
        const measured = testsWithResults(d.path, d.name);
        assert.equal(perSection[i].svgs, 2 + measured, `${d.name}: coverage, criteria and ${measured} measured`);
      }
      if (d.kind === null) assert.equal(perSection[i].svgs, 0, `${d.name}: nothing to draw`);
    });
  });

  it('shows the figures of the examples in their charts', async () => {
    const search = await chartText('Search case API');
    for (const figure of [
      'critical path 500 ms',
      'p95 500 ms',
      'p50 150 ms',
      'p99 1.2 s',
      'headroom 0 ms',
      'Buffer',
      'timeout 2 s',
      '1.54 s',
    ])
      assert.ok(search.includes(figure), `search-api: ${figure} in ${search}`);
    const timeline = await chartText('GET /cases/{caseId}/timeline');
    for (const figure of ['critical path 520 ms', 'headroom 80 ms', 'p95 600 ms', '1.03 s', 'timeout 3 s'])
      assert.ok(timeline.includes(figure), `timeline: ${figure}`);
    const caseApi = await chartText('Case API');
    for (const figure of [
      '2,000 rps',
      '3,000 rps',
      '4,410 rps',
      '1 of 3 zones lost: 4,200',
      '235 of 500',
      'limit 1,000',
      '300',
      '900',
    ])
      assert.ok(caseApi.includes(figure), `case-api: ${figure} in ${caseApi}`);
    const drain = await chartText('Orders backlog drain');
    for (const figure of ['declared: 28 workers', '46.3 min', 'needed: 38 workers', '29.77 min', 'target 30 min'])
      assert.ok(drain.includes(figure), `queue-drain: ${figure} in ${drain}`);
    const plan = await chartText('Case search');
    for (const figure of ['smoke', 'backlog-drain', '✓ 2 tests', 'budget p95 500 ms', 'err ≤ 0.1%'])
      assert.ok(plan.includes(figure), `loadtest: ${figure}`);
    assert.ok(!plan.includes('missing'), 'all eight test types are covered');
    const overrun = await chartText('LB001: segments overrun the target');
    assert.ok(overrun.includes('over by 100 ms'), overrun);
  });

  it('draws a demand-flow diagram per CapacityModel and per what-if: a box per tier and queue, nothing overlapping', async () => {
    // The what-ifs' diagrams are folded (<details>): unfolded here, so that they have a layout to check.
    await page.evaluate(() => document.querySelectorAll('details').forEach(d => (d.open = true)));
    const flows = await page.$$eval('section.pd-doc', ss =>
      ss.map(s =>
        [...s.querySelectorAll('svg.pd-flow')].map(svg => ({
          label: svg.getAttribute('aria-label'),
          boxes: [...svg.querySelectorAll('g.pd-flow-node')].map(g => {
            const r = g.querySelector('rect.pd-flow-box').getBoundingClientRect();
            return { id: g.getAttribute('data-node'), x: r.x, y: r.y, w: r.width, h: r.height };
          }),
          labels: [...svg.querySelectorAll('rect.pd-flow-label-bg')].map(r => {
            const b = r.getBoundingClientRect();
            return { id: 'label', x: b.x, y: b.y, w: b.width, h: b.height };
          }),
        })),
      ),
    );
    const docs = checked.files.flatMap(f => f.documents);
    const overlap = (a, b) =>
      a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
    let drawn = 0;
    docs.forEach((d, i) => {
      if (d.kind !== 'CapacityModel') {
        assert.deepEqual(flows[i], [], `${d.name}: no flow diagram`);
        return;
      }
      const views = flows[i].map(f => f.label);
      assert.equal(views[0], 'demand flow at peak', `${d.name}: the flow diagram as designed comes first`);
      if (d.metrics.inFlight !== null || d.metrics.requiredRps !== null)
        for (const w of ['One AZ removed', 'Cache hit rate 0', 'Latency 10×'])
          assert.ok(views.includes(`demand flow: ${w}`), `${d.name}: the what-if ${w}`);
      for (const name of Object.keys(d.metrics.scenarios ?? {}))
        assert.ok(views.includes(`demand flow: ${name}`), `${d.name}: the scenario ${name}`);
      const expected = [
        'traffic',
        ...Object.keys(d.metrics.tiers ?? {}).map(n => `tier:${n}`),
        ...Object.keys(d.metrics.queues ?? {}).map(n => `queue:${n}`),
      ].sort();
      for (const { label, boxes, labels } of flows[i]) {
        drawn++;
        assert.deepEqual(boxes.map(b => b.id).sort(), expected, `${d.name}, ${label}: a box per tier and queue`);
        assert.ok(
          boxes.every(b => b.w > 0 && b.h > 0),
          `${d.name}, ${label}: laid out`,
        );
        const all = [...boxes, ...labels];
        for (let a = 0; a < all.length; a++)
          for (let b = a + 1; b < all.length; b++)
            assert.ok(!overlap(all[a], all[b]), `${d.name}, ${label}: ${all[a].id} and ${all[b].id} overlap`);
      }
    });
    assert.ok(drawn >= 12, `the examples' capacity models and their what-ifs: ${drawn} diagrams`);
    await page.evaluate(() => document.querySelectorAll('details').forEach(d => (d.open = false)));
  });

  it('shows a declared scenario beside the model as designed, its breaches in the error colour', async () => {
    const panels = await page.$$eval('section.pd-doc', ss => {
      const s = ss.find(x => x.querySelector('h2').textContent.trim().endsWith('Search API under a slow Aurora'));
      const figure = [...s.querySelectorAll('figure')].find(f =>
        f.querySelector('figcaption').textContent.includes('Aurora 10x slower'),
      );
      return [...figure.querySelectorAll('.pd-panel')].map(p => {
        const edge = p.querySelector('svg.pd-flow g.pd-flow-edge.pd-edge-call path.pd-flow-line');
        const box = p.getBoundingClientRect();
        return {
          title: p.querySelector('h4').textContent,
          edge: getComputedStyle(edge).stroke,
          label: [...p.querySelectorAll('svg.pd-flow .pd-flow-label text')].map(t => t.textContent).join(' / '),
          x: box.x,
          y: box.y,
        };
      });
    });
    assert.equal(panels.length, 2);
    const [base, slow] = panels;
    assert.deepEqual([base.title, slow.title], ['as designed', 'Aurora 10x slower']);
    // 1,000 rps × 20 ms = 20 in flight of a 160 pool; × 10: 200 of 160 (CM009 in the scenario).
    assert.match(base.label, /20 in flight \/ pool 160/);
    assert.match(slow.label, /200 in flight \/ pool 160/);
    assert.equal(base.edge, 'rgb(89, 99, 110)');
    assert.equal(slow.edge, 'rgb(207, 34, 46)');
    assert.ok(slow.x > base.x && Math.abs(slow.y - base.y) < 1, 'side by side at 900 px');
    const section = await page.$$('section.pd-doc');
    for (const s of section)
      if ((await s.$eval('h2', h => h.textContent)).includes('Search API under a slow Aurora'))
        await s.screenshot({ path: join(ARTIFACTS, 'flow-scenario.png') });
  });

  it('draws what is over its limit in the error colour, and ranks what breaks first', async () => {
    const cm003 = await page.$$eval('section.pd-doc', ss => {
      const s = ss.find(x => x.querySelector('h2').textContent.includes('CM003: connection pools exceed the database'));
      const box = s.querySelector('svg.pd-flow g[data-node="tier:db"] rect.pd-flow-box');
      const gauge = s.querySelector('svg.pd-flow g[data-node="tier:db"] .pd-gauge-connections text');
      const api = s.querySelector('svg.pd-flow g[data-node="tier:api"] rect.pd-flow-box');
      return {
        stroke: getComputedStyle(box).stroke,
        gauge: gauge.textContent,
        gaugeFill: getComputedStyle(gauge).fill,
        api: getComputedStyle(api).stroke,
      };
    });
    // 20 × 30 + 10 × 5 = 650 connections into a database of 500 (CM003).
    assert.deepEqual(cm003, {
      stroke: 'rgb(207, 34, 46)',
      gauge: '650 of 500 connections',
      gaugeFill: 'rgb(207, 34, 46)',
      api: 'rgb(9, 105, 218)',
    });
    const ranked = await page.$$eval('section.pd-doc', ss => {
      const s = ss.find(x => x.querySelector('h2').textContent.trim().endsWith('Case API'));
      const svg = s.querySelector('svg.pd-constraints');
      return {
        rows: [...svg.querySelectorAll('g.pd-constraint > title')].map(t => t.textContent.split(':')[0]),
        first: svg.querySelector('g.pd-constraint').classList.contains('pd-breaking'),
        peak: svg.querySelector('line.pd-peak-line') !== null,
      };
    });
    const caseApi = checked.files.flatMap(f => f.documents).find(d => d.name === 'Case API');
    assert.ok(caseApi.metrics.constraints.length >= 2);
    assert.deepEqual(
      ranked.rows,
      caseApi.metrics.constraints.map(c => `${c.kind} ${c.name}`),
    );
    assert.ok(ranked.first && ranked.peak, 'the breaking point is marked, the 1× line drawn');
    await (await page.$('svg.pd-flow')).screenshot({ path: join(ARTIFACTS, 'flow-first.png') });
  });

  it('draws the numbers to scale: a path that fills its target ends on the target line', async () => {
    const geometry = await page.$$eval('section.pd-doc', ss => {
      const s = ss.find(x => x.querySelector('h2').textContent.trim().endsWith('Search case API'));
      const svg = s.querySelector('svg');
      const total = svg.querySelector('.pd-path rect.pd-total').getBBox();
      const p95 = svg.querySelector('line.pd-budgeted');
      return { end: total.x + total.width, target: Number(p95.getAttribute('x1')) };
    });
    assert.ok(Math.abs(geometry.end - geometry.target) < 0.5, JSON.stringify(geometry));
  });

  it('keeps every label inside its chart', async () => {
    const outside = await page.$$eval('svg.pd-chart', svgs =>
      svgs.flatMap(svg => {
        const width = svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')]
          .map(t => ({ text: t.textContent, box: t.getBBox() }))
          .filter(({ box }) => box.x < -0.5 || box.x + box.width > width + 0.5)
          .map(({ text, box }) => `${text} [${box.x.toFixed(0)}, ${(box.x + box.width).toFixed(0)}]`);
      }),
    );
    assert.deepEqual(outside, []);
  });

  it('colors overruns with the standalone theme and follows a dark preference', async () => {
    const light = await page.$eval('rect.pd-overrun', r => getComputedStyle(r).fill);
    assert.equal(light, 'rgb(207, 34, 46)');
    await page.screenshot({ path: join(ARTIFACTS, 'report-top-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      overrun: getComputedStyle(document.querySelector('rect.pd-overrun')).fill,
    }));
    assert.deepEqual(dark, { background: 'rgb(13, 17, 23)', overrun: 'rgb(248, 81, 73)' });
    await page.screenshot({ path: join(ARTIFACTS, 'report-top-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('takes a screenshot of every document', async function () {
    this.timeout(300_000); // some 50 sections, each with its charts: longer than one check on a busy machine
    const sections = await page.$$('section.pd-doc');
    const names = checked.files.flatMap(f => f.documents.map((d, i) => `${basename(f.path)}-${i + 1}`));
    assert.equal(sections.length, names.length);
    for (const [i, section] of sections.entries())
      await section.screenshot({ path: join(ARTIFACTS, `${names[i]}.png`) });
    const written = readdirSync(ARTIFACTS).filter(n => n.endsWith('.png'));
    assert.equal(written.length, names.length + 4);
  });

  it('fetched nothing but the file itself and logged no error', () => {
    assert.deepEqual(requests, [pathToFileURL(REPORT).href]);
    assert.deepEqual(consoleProblems, []);
  });
});

/** How many tests of the LoadTestPlan `name` in `path` name a results file (read from the YAML itself). */
function testsWithResults(path, name) {
  const plan = parseAllDocuments(readFileSync(join(REPO_ROOT, path), 'utf8'))
    .map(d => d.toJS())
    .find(d => d?.kind === 'LoadTestPlan' && d.name === name);
  return (plan?.tests ?? []).filter(t => typeof t?.results === 'string').length;
}
