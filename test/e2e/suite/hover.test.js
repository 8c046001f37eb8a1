// Hovers explain the figures behind a value.
const assert = require('assert');
const { activeExtensionApi, hoverText, openDoc, positionOf } = require('./helpers');

describe('hover', () => {
  it('explains the workers of a queue in queue-drain.perf.yaml', async () => {
    const document = await openDoc('queue-drain.perf.yaml');
    // The hover provider is registered once the client has started.
    await activeExtensionApi();
    const text = await hoverText(document.uri, positionOf(document, /^\s*workers:\s*(\d+)/m));
    assert.match(text, /workers/i, `hover text: ${JSON.stringify(text)}`);
  });
});
