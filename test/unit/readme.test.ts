// The README's rule table is the first thing a user reads about the rules: it must list every
// code the rule catalogue has, once, with the catalogue's severity among the ones it names
// (a rule such as CM003 or LT009 reports an error or, nearer its limit, a warning).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/core/ruleCatalog';

const README = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

describe('README rule table', () => {
  const rows = [...README.matchAll(/^\| ([A-Z]{2}\d{3}) \| ([a-z/]+) \|/gm)].map(m => ({
    code: m[1],
    severities: m[2].split('/'),
  }));

  it('lists every rule of the catalogue once, in its order', () => {
    assert.deepEqual(
      rows.map(r => r.code),
      RULES.map(r => r.code),
    );
  });

  it("names each rule's catalogue severity", () => {
    for (const r of RULES) {
      const row = rows.find(x => x.code === r.code)!;
      assert.ok(
        row.severities.includes(r.severity),
        `${r.code}: README says ${row.severities}, catalogue ${r.severity}`,
      );
    }
  });
});
