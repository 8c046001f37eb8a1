import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, fileUri, freshServerPerTest } from '../helpers/lspClient';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface CompletionItem {
  label: string;
  kind?: number;
  detail?: string;
  insertTextFormat?: number;
  documentation?: { kind: string; value: string };
  textEdit?: { range: Range; newText: string };
}
interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

/** The lesson's §5.3 search budget from the examples; positions below are found in its text. */
const budget = fs.readFileSync(path.join(REPO, 'examples', 'search-api.perf.yaml'), 'utf8');

/** The position of the `nth` occurrence of `needle` in `text` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `no ${needle}`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('protocol: completion, symbols, definition', () => {
  const ws = freshServerPerTest('perfdoc-nav-');

  const complete = (file: string, position: Position) =>
    ws.client.request<CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri: fileUri(file) },
      position,
    });

  /** Opens the example budget with `added` appended, and completes at the `¦` in it. */
  let opened = 0;
  async function completeAfter(added: string): Promise<{ items: CompletionItem[]; at: Position }> {
    const file = path.join(ws.dir, `search-${++opened}.perf.yaml`);
    const text = budget + added;
    await ws.client.open(file, text.replace('¦', ''));
    const at = positionOf(text, '¦');
    return { items: (await complete(file, at))!, at };
  }

  it('completes the keys of a half-typed segment, with Markdown documentation and a replace range', async () => {
    const { items, at } = await completeAfter('  - name: Rate limiter\n    bud¦\n');
    const item = items.find(i => i.label === 'budget');
    assert.ok(item, JSON.stringify(items.map(i => i.label)));
    assert.ok(!items.some(i => i.label === 'name'), 'name is already there');
    assert.equal(item.kind, 10 /* Property */);
    assert.equal(item.detail, 'Budget');
    assert.equal(item.documentation?.kind, 'markdown');
    assert.match(item.documentation!.value, /§5/);
    assert.deepEqual(item.textEdit, { range: { start: { ...at, character: 4 }, end: at }, newText: 'budget: ' });
  });

  it('completes the key typed in an edit', async () => {
    const file = path.join(ws.dir, 'search.perf.yaml');
    await ws.client.open(file, budget);
    const end = positionOf(budget, '', budget.length); // the end of the text
    await ws.client.change(file, [{ range: { start: end, end }, text: '  - name: Rate limiter\n    jit' }]);
    const items = (await complete(file, { line: end.line + 1, character: 7 }))!;
    assert.deepEqual(items.find(i => i.label === 'jitter')?.textEdit?.newText, 'jitter: ');
  });

  it('completes units after a number and enum values', async () => {
    const units = await completeAfter('  - name: Rate limiter\n    budget: 220m¦\n');
    assert.deepEqual(
      units.items.map(u => u.label),
      ['ms', 's', 'min', 'us', 'h', 'seconds', 'minutes', 'hours', 'milliseconds', 'microseconds'], // + §8 long names
    );
    assert.deepEqual(units.items[0].textEdit!.range, {
      start: { ...units.at, character: units.at.character - 1 },
      end: units.at,
    });
    assert.equal(units.items[0].kind, 11 /* Unit */);
    const values = await completeAfter('  - name: Rate limiter\n    budget: 2ms\n    jitter: ¦\n');
    assert.deepEqual(
      values.items.map(v => v.label),
      ['true', 'false'],
    );
  });

  it('offers document skeletons as snippets in an empty *.perf.yaml', async () => {
    const file = path.join(ws.dir, 'new.perf.yaml');
    await ws.client.open(file, '');
    const items = (await complete(file, { line: 0, character: 0 }))!;
    const snippet = items.find(i => i.label === 'CapacityModel document');
    assert.ok(snippet);
    assert.equal(snippet.kind, 15 /* Snippet */);
    assert.equal(snippet.insertTextFormat, 2 /* Snippet */);
    assert.match(snippet.textEdit!.newText, /^apiVersion: perfdoc\/v1\nkind: CapacityModel\nname: \$\{1:Case API\}/);
  });

  it('outlines documents hierarchically, with ranges from the tree', async () => {
    const file = path.join(ws.dir, 'search.perf.yaml');
    await ws.client.open(file, budget);
    const symbols = (await ws.client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: fileUri(file) },
    }))!;
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'LatencyBudget: Search case API');
    assert.deepEqual(symbols[0].selectionRange, {
      start: positionOf(budget, 'name: Search'),
      end: positionOf(budget, 'name: Search', 21),
    });
    const segments = symbols[0].children!.find(c => c.name === 'segments')!;
    const written = [...budget.matchAll(/^ {2}- name: (.*)$/gm)].map(m => m[1].trim());
    assert.deepEqual(
      segments.children!.map(s => s.name),
      written,
    );
    assert.deepEqual(segments.children![0].detail, '40ms');
    assert.deepEqual(segments.children![0].range.start, positionOf(budget, 'name: DNS'));
  });

  it('goes to the referenced document in another file, on disk or as edited in the editor', async () => {
    const budgetsFile = path.join(ws.dir, 'budgets.perf.yaml');
    const budgets = '# budgets\n' + budget + '---\n' + budget.replace('Search case API', 'Timeline');
    fs.writeFileSync(budgetsFile, budgets);
    const planFile = path.join(ws.dir, 'plans', 'plan.perf.yaml');
    fs.mkdirSync(path.dirname(planFile));
    const plan =
      'apiVersion: perfdoc/v1\nkind: LoadTestPlan\nname: P\nbudget: ../budgets.perf.yaml#Timeline\ntests: [{ type: load }]\n';
    await ws.client.open(planFile, plan);
    const at = { textDocument: { uri: fileUri(planFile) }, position: positionOf(plan, '../budgets', 4) };
    const onDisk = await ws.client.request<{ uri: string; range: Range }>('textDocument/definition', at);
    assert.equal(onDisk.uri, fileUri(budgetsFile));
    assert.deepEqual(onDisk.range, {
      start: positionOf(budgets, 'kind: LatencyBudget', 0, 1),
      end: positionOf(budgets, 'kind: LatencyBudget', 19, 1),
    });

    // The editor's text of an open target wins over the file on disk.
    const edited = budget.replace('Search case API', 'Timeline');
    await ws.client.open(budgetsFile, edited);
    const open = await ws.client.request<{ uri: string; range: Range }>('textDocument/definition', at);
    assert.deepEqual(open.range.start, positionOf(edited, 'kind: LatencyBudget'));

    const none = await ws.client.request('textDocument/definition', { ...at, position: positionOf(plan, 'name: P') });
    assert.equal(none, null);
  });
});
