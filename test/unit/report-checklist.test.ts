// The HTML report's checklist section: one table per workload with the 36 items of §18.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReferenceHost, analyzeFile } from '../../server/src/core/analyze';
import { renderReport } from '../../server/src/report/report';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const disk: ReferenceHost = {
  documentsOf: p => (fs.existsSync(p) ? analyzeFile(p, fs.readFileSync(p, 'utf8')).documents : { error: 'missing' }),
};

describe('report: checklist section', () => {
  const files = ['search-api.perf.yaml', 'case-api-capacity.perf.yaml', 'queue-drain.perf.yaml'].map(name => {
    const p = path.join(EXAMPLES, name);
    return { path: `examples/${name}`, analysis: analyzeFile(p, fs.readFileSync(p, 'utf8'), { references: disk }) };
  });
  const html = renderReport(files, { version: 'test', generatedAt: new Date(0) });
  const section = html.slice(html.indexOf('<section id="checklist">'), html.indexOf('</section>'));

  it('one table per workload, each of the 36 items with its status and detail', () => {
    assert.ok(section.length > 0, 'a checklist section');
    // search-api and case-api-capacity do not reference each other; queue-drain neither.
    assert.equal(section.match(/<table class="pd-checklist">/g)?.length, 3);
    assert.equal(section.match(/<tr><td class="pd-status-/g)?.length, 3 * 36);
    assert.match(
      section,
      /<td class="pd-status-satisfied">✓ satisfied<\/td><td>Concurrency is estimated<\/td><td>300 in flight at peak, 900 at p95 latency \(Little&#39;s law\)<\/td>/,
    );
    assert.match(section, /CapacityModel &quot;Case API&quot; \(examples\/case-api-capacity\.perf\.yaml\)/);
  });
});
