// Completion from the schemas: the document kinds after `kind: `, the units of a quantity
// after its number (FORMAT.md §1, §2; v1.1: ObservabilityPlan §12, the long unit names §8).
const assert = require('assert');
const vscode = require('vscode');
const { activeExtensionApi, cleanUpEditors, openScratchDoc, rangeOf } = require('./helpers');

const { EnumMember, Unit } = vscode.CompletionItemKind;

const CASES = [
  {
    title: 'offers the four document kinds after "kind: "',
    text: 'apiVersion: perfdoc/v1\nkind: \n',
    at: /^kind: ()$/m,
    kind: EnumMember,
    labels: ['CapacityModel', 'LatencyBudget', 'LoadTestPlan', 'ObservabilityPlan'],
  },
  {
    title: 'offers duration units after "budget: 40"',
    text: 'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: Units\ntarget: { p95: 300ms }\nsegments:\n  - name: Edge\n    budget: 40\n',
    at: /budget: 40()$/m,
    kind: Unit,
    // The short units, and one long name of each unit of §8 (its other spellings are in the item's documentation).
    labels: ['h', 'hours', 'microseconds', 'milliseconds', 'min', 'minutes', 'ms', 's', 'seconds', 'us'],
  },
  {
    title: 'offers rate units after "ratePerWorker: 40"',
    text: 'apiVersion: perfdoc/v1\nkind: CapacityModel\nname: Units\ntraffic: { peakRps: 400 }\nqueues:\n  - name: orders\n    ratePerWorker: 40\n',
    at: /ratePerWorker: 40()$/m,
    kind: Unit,
    labels: ['/h', '/hour', '/min', '/minute', '/s', 'msg/s', 'req/s', 'rps'],
  },
];

const labelOf = item => (typeof item.label === 'string' ? item.label : item.label.label);

describe('completion', () => {
  before(activeExtensionApi);
  afterEach(cleanUpEditors);

  for (const [index, { title, text, at, kind, labels }] of CASES.entries()) {
    it(title, async () => {
      const document = await openScratchDoc(`scratch-completion-${index + 1}.perf.yaml`, text);
      const list = await vscode.commands.executeCommand(
        'vscode.executeCompletionItemProvider',
        document.uri,
        rangeOf(document, at).start,
      );
      const offered = list.items
        .filter(item => item.kind === kind)
        .map(labelOf)
        .sort();
      assert.deepStrictEqual(offered, labels, `all items: ${JSON.stringify(list.items.map(labelOf))}`);
    });
  }
});
