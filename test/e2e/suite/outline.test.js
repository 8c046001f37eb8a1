// The outline (document symbols): one symbol per perfdoc document, and inside it the parts a
// reviewer navigates by: target, segments, tiers, queues.
const assert = require('assert');
const vscode = require('vscode');
const { activeExtensionApi, blockSegments, cleanUpEditors, openDoc } = require('./helpers');

const symbolsOf = uri => vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
const childNames = (symbol, name) =>
  symbol.children.find(child => child.name === name)?.children.map(child => child.name);

describe('outline', () => {
  before(activeExtensionApi);
  afterEach(cleanUpEditors);

  it('lists the segments of search-api.perf.yaml in order under its LatencyBudget', async () => {
    const document = await openDoc('search-api.perf.yaml');
    const [budget, ...others] = await symbolsOf(document.uri);
    assert.deepStrictEqual(others, []);
    assert.strictEqual(budget.name, 'LatencyBudget: Search case API');
    assert.deepStrictEqual(
      budget.children.map(child => child.name),
      ['target', 'segments'],
    );
    assert.deepStrictEqual(
      childNames(budget, 'segments'),
      blockSegments(document).map(segment => segment.name),
    );
  });

  it('lists the tiers and queues of queue-drain.perf.yaml', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    const [model] = await symbolsOf(document.uri);
    assert.strictEqual(model.name, 'CapacityModel: Orders backlog drain');
    assert.deepStrictEqual(childNames(model, 'tiers'), ['order-workers', 'orders-db']);
    assert.deepStrictEqual(childNames(model, 'queues'), ['orders']);
  });
});
