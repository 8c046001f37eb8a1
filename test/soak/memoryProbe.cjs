// Loaded into the language server with NODE_OPTIONS=--require (by the soak and the resilience
// tests only, never in use): on SIGUSR2 it collects garbage twice and writes the process's
// memory figures to stderr, which the LSP over stdio leaves free.
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

process.on('SIGUSR2', () => {
  gc();
  gc();
  const m = process.memoryUsage();
  process.stderr.write(
    `perfdoc-memory ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`,
  );
});
