// A tiny HTTP server on 127.0.0.1 with known behaviour, for the real load-test tools:
// every response waits `latencyMs` (default 50 ms) and every `errorEvery`-th request
// (default 100: 1%) answers 500. GET /search and GET /view answer the same way, so the
// per-request-name figures can be checked too.
import { createServer } from 'node:http';

export function startServer({ latencyMs = 50, errorEvery = 100 } = {}) {
  let served = 0;
  const server = createServer((req, res) => {
    const n = ++served;
    setTimeout(() => {
      const failed = n % errorEvery === 0;
      res.writeHead(failed ? 500 : 200, { 'content-type': 'text/plain', connection: 'keep-alive' });
      res.end(failed ? 'injected error\n' : 'ok\n');
    }, latencyMs);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        served: () => served,
        close: () => new Promise(done => server.close(() => done())),
      });
    });
  });
}
