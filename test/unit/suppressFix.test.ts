// The quick fix "Suppress CODE for this item…" (FORMAT.md §13): the directive above the list
// item (or top-level key) holding the finding, indented like it, with the reason as a snippet
// placeholder; typed over, the finding is suppressed; left as the placeholder, PD007.
import * as assert from 'node:assert/strict';
import { FileAnalysis, fileDiagnostics } from '../../server/src/core/analyze';
import { codeActions } from '../../server/src/service/codeActions';
import { analyze, blockPoolsModel, capacityModel, lines } from '../fixtures/documents';
import { toCodeAction } from '../../server/src/lsp/convert';

/** 21 × 20 = 420 connections into db (maxConnections 400): CM003; no safety factor: CM008 at the top. */
const TEXT = blockPoolsModel(null, '  - name: db', '    maxConnections: 400');

function suppressAction(file: FileAnalysis, code: string) {
  const d = fileDiagnostics(file).find(x => x.code === code)!;
  assert.ok(d, code);
  const actions = codeActions(file, file.lines.offsetAt(d.range.start), file.lines.offsetAt(d.range.end), [d]);
  const action = actions.find(a => a.title === `Suppress ${code} for this item…`);
  assert.ok(action, JSON.stringify(actions.map(a => a.title)));
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(action.diagnostics, [d]);
  return action;
}
const apply = (text: string, e: { start: number; end: number; newText: string }, reason: string) =>
  text.slice(0, e.start) + e.newText.replace('${1:why this is accepted}', reason) + text.slice(e.end);

describe('quick fix: Suppress CODE for this item… (spec §13)', () => {
  it('writes the directive above the list item holding the finding, indented like its dash, the reason a placeholder', () => {
    const file = analyze(TEXT);
    const [edit] = suppressAction(file, 'CM003').edits;
    assert.equal(edit.snippet, true);
    assert.equal(edit.newText, '  # perfdoc-disable-next-line CM003 -- ${1:why this is accepted}\n');
    assert.equal(edit.start, TEXT.indexOf('  - name: db'));
    assert.equal(edit.end, edit.start);
  });

  it('with the reason typed in, the finding is suppressed and nothing else changes', () => {
    const [edit] = suppressAction(analyze(TEXT), 'CM003').edits;
    const after = analyze(apply(TEXT, edit, 'RDS Proxy in front'));
    assert.deepEqual(
      fileDiagnostics(after).map(d => d.code),
      fileDiagnostics(analyze(TEXT))
        .map(d => d.code)
        .filter(c => c !== 'CM003'),
    );
    assert.equal(after.documents[0].suppressed[0].suppressed, 'RDS Proxy in front');
  });

  it('the placeholder left as it is is no reason: PD007, and the finding stays', () => {
    const [edit] = suppressAction(analyze(TEXT), 'CM003').edits;
    const codes = fileDiagnostics(analyze(apply(TEXT, edit, 'why this is accepted'))).map(d => d.code);
    assert.ok(codes.includes('CM003') && codes.includes('PD007'), codes.join());
  });

  it('outside a list, above the top-level key: CM008 (no safety factor) above its line', () => {
    const file = analyze(TEXT);
    const d = fileDiagnostics(file).find(x => x.code === 'CM008')!;
    const [edit] = suppressAction(file, 'CM008').edits;
    assert.equal(edit.start, file.lines.lineStart(d.range.start.line));
    assert.doesNotMatch(edit.newText, /^ /);
    const after = analyze(apply(TEXT, edit, 'launch at 1x agreed'));
    assert.ok(!fileDiagnostics(after).some(x => x.code === 'CM008'));
  });

  it('in a Markdown fence, inside a flow item: the directive above the item line', () => {
    const md = lines(
      '# Design',
      '```yaml',
      capacityModel(
        '{ peakRps: 2000, latency: 150ms }',
        '{ safetyFactor: 1.5 }',
        'tiers:',
        '  - { name: api, unitRps: 300, units: { min: 4, max: 21 }, connectionsPerUnit: 20, dependsOn: [db] }',
        '  - { name: db, maxConnections: 400 }',
      ),
      '```',
    );
    const file = analyze(md, '/work/design.md');
    const [edit] = suppressAction(file, 'CM003').edits;
    assert.equal(edit.start, md.indexOf('  - { name: db'));
    const after = analyze(apply(md, edit, 'agreed'), '/work/design.md');
    assert.ok(!fileDiagnostics(after).some(x => x.code === 'CM003'));
  });

  it('not offered for a syntax error or for PD007 itself', () => {
    const file = analyze(TEXT + 'tiers2: [\n');
    const d = fileDiagnostics(file).find(x => x.code === 'PD001')!;
    const actions = codeActions(file, 0, 0, [d]);
    assert.ok(!actions.some(a => a.title.startsWith('Suppress')));
  });

  it('to LSP: a snippet edit for a client that takes them, else the placeholder as text (which PD007 then flags)', () => {
    const file = analyze(TEXT, '/work/t.perf.yaml');
    const action = suppressAction(file, 'CM003');
    const fileUri = (path: string) => `file://${path}`;
    const snippet = toCodeAction(file, 'file:///work/t.perf.yaml', action, [], fileUri, true);
    assert.deepEqual(snippet.edit, {
      documentChanges: [
        {
          textDocument: { uri: 'file:///work/t.perf.yaml', version: null },
          edits: [
            {
              range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } },
              snippet: { kind: 'snippet', value: '  # perfdoc-disable-next-line CM003 -- ${1:why this is accepted}\n' },
            },
          ],
        },
      ],
    });
    const plain = toCodeAction(file, 'file:///work/t.perf.yaml', action, [], fileUri, false);
    assert.deepEqual(plain.edit, {
      changes: {
        'file:///work/t.perf.yaml': [
          {
            range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } },
            newText: '  # perfdoc-disable-next-line CM003 -- why this is accepted\n',
          },
        ],
      },
    });
  });
});
