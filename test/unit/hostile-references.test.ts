// Untrusted workspaces: nothing a document says (latencyFrom, budget, capacity, $ref, tags)
// makes perfdoc read outside the workspace folder (CLI: --root), follow a symlink out of it,
// block on a FIFO, read a device, fetch a URL or open a socket. Every file perfdoc opens and
// every network call is recorded by spies while the analyses run.
import * as assert from 'node:assert/strict';
// The modules themselves (not import * copies), so the spies below replace what the code under test calls.
import fs = require('node:fs');
import http = require('node:http');
import https = require('node:https');
import net = require('node:net');
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { execFileSync } from 'node:child_process';
import { FileAnalysis, ReferenceHost, analyzeFile } from '../../server/src/core/analyze';
import { FileReferenceHost } from '../../server/src/cli/workspaceFiles';
import { nodeFileSystem } from '../../server/src/files/nodeFileSystem';
import { Workspace } from '../../server/src/lsp/workspace';
import { capacityModel, findingsOf, latencyBudget, LESSON_SEGMENTS, perfdoc } from '../fixtures/documents';

interface Spied {
  opened: string[];
  read: string[];
  network: string[];
  restore: () => void;
}

/** Records every path fs opens, every file whose bytes it reads, and every attempt to reach the network. */
function spyOnIO(): Spied {
  const spied: Spied = { opened: [], read: [], network: [], restore: () => undefined };
  const patches: [object, string, unknown][] = [];
  const patch = <T extends object>(
    target: T,
    name: keyof T & string,
    wrap: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown,
  ) => {
    const original = target[name] as unknown as (...a: unknown[]) => unknown;
    patches.push([target, name, original]);
    (target as Record<string, unknown>)[name] = wrap(original);
  };
  const fdPaths = new Map<number, string>();
  const pathOf = (arg: unknown) => (typeof arg === 'number' ? (fdPaths.get(arg) ?? `fd ${arg}`) : String(arg));
  patch(fs, 'openSync', original => (...args) => {
    const fd = original(...args) as number;
    spied.opened.push(String(args[0]));
    fdPaths.set(fd, String(args[0]));
    return fd;
  });
  for (const name of ['readFileSync', 'readSync', 'createReadStream', 'readFile', 'open'] as const) {
    patch(fs, name, original => (...args) => {
      spied.read.push(pathOf(args[0]));
      return original(...args);
    });
  }
  for (const name of ['readFile', 'open'] as const)
    patch(fs.promises, name, original => (...args) => {
      spied.read.push(pathOf(args[0]));
      return original(...args);
    });
  const reach =
    (what: string) =>
    (original: (...a: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      spied.network.push(`${what} ${String(args[0])}`);
      return original(...args);
    };
  patch(http, 'request', reach('http.request'));
  patch(http, 'get', reach('http.get'));
  patch(https, 'request', reach('https.request'));
  patch(https, 'get', reach('https.get'));
  patch(net, 'connect', reach('net.connect'));
  patch(net, 'createConnection', reach('net.createConnection'));
  patch(globalThis, 'fetch', reach('fetch'));
  spied.restore = () => {
    for (const [t, n, o] of patches.reverse()) (t as Record<string, unknown>)[n] = o;
  };
  return spied;
}

/** A workspace folder with a sibling folder outside it, links out of it, and a named pipe. */
function makeWorkspace(): { root: string; outside: string } {
  const base = fs.realpathSync(fs.mkdtempSync(nodePath.join(os.tmpdir(), 'perfdoc-hostile-')));
  const root = nodePath.join(base, 'workspace'),
    outside = nodePath.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.writeFileSync(nodePath.join(outside, 'secret.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
  fs.symlinkSync(nodePath.join(outside, 'secret.perf.yaml'), nodePath.join(root, 'link.perf.yaml'));
  fs.symlinkSync(outside, nodePath.join(root, 'linked-dir'));
  fs.symlinkSync('/dev/zero', nodePath.join(root, 'zero.perf.yaml'));
  execFileSync('mkfifo', [nodePath.join(root, 'pipe.perf.yaml')]);
  return { root, outside };
}

/** References a document may hold that must each end in PD004 without a byte read. */
const REFUSED = [
  '../outside/secret.perf.yaml',
  './linked-dir/secret.perf.yaml',
  './link.perf.yaml',
  '/etc/passwd',
  '../../../../../../../../etc/passwd',
  '/dev/zero',
  './zero.perf.yaml',
  './pipe.perf.yaml',
  'file:///etc/passwd',
  'http://127.0.0.1:9/budget.perf.yaml',
  'https://example.com/budget.perf.yaml',
  'ftp://example.com/x.perf.yaml',
  'data:text/plain,apiVersion',
  '//example.com/budget.perf.yaml',
  '\\\\server\\share\\budget.perf.yaml',
];

function plansReferencing(ref: string): string {
  return [
    capacityModel(`{ peakRps: 100, latencyFrom: ${JSON.stringify(ref)} }`, '{ safetyFactor: 1.5 }'),
    perfdoc(
      'LoadTestPlan',
      `budget: ${JSON.stringify(ref)}`,
      `capacity: ${JSON.stringify(ref)}`,
      'tests:',
      '  - { type: load, rps: 100, criteria: { p95: 1s, p99: 2s, errorRate: 1% } }',
    ),
  ].join('---\n');
}

function assertRefused(file: FileAnalysis, ref: string): void {
  const pd004 = findingsOf(file, 'PD004');
  assert.equal(
    pd004.length,
    3,
    `${ref}: ${JSON.stringify(file.documents.flatMap(d => d.findings.map(f => f.message)))}`,
  );
  for (const f of pd004)
    assert.match(
      f.message,
      /is not a relative file path|outside|not read|not a regular file|cannot read/,
      `${ref}: ${f.message}`,
    );
}

describe('hostile input: references and untrusted workspaces', function () {
  this.timeout(20_000);
  let root: string, outside: string, spied: Spied;
  beforeEach(() => {
    ({ root, outside } = makeWorkspace());
    spied = spyOnIO();
  });
  afterEach(() => {
    spied.restore();
    fs.rmSync(nodePath.dirname(root), { recursive: true, force: true });
  });

  /** Nothing outside the folder is even opened; inside it, nothing but regular perfdoc files is read. */
  const assertNothingOutsideRead = () => {
    const inside = (p: string) => nodePath.resolve(p).startsWith(root + nodePath.sep);
    assert.deepEqual(
      spied.opened.filter(p => !inside(p) || /zero|link/.test(p)),
      [],
      'files opened',
    );
    assert.deepEqual(
      spied.read.filter(p => !inside(p) || /zero|pipe|link/.test(p)),
      [],
      'files read',
    );
    assert.deepEqual(spied.network, [], 'network calls');
  };

  const hosts: [string, () => ReferenceHost][] = [
    ['the CLI (--root = the workspace folder)', () => new FileReferenceHost(root, nodeFileSystem)],
    [
      'the server (workspace folder open)',
      () => {
        const w = new Workspace(nodeFileSystem);
        w.setRoots([root]);
        return w;
      },
    ],
    [
      'the server (no workspace folder, a single file open)',
      () => {
        const w = new Workspace(nodeFileSystem);
        w.openDocument(nodePath.join(root, 'plan.perf.yaml'), 1, '');
        return w;
      },
    ],
  ];
  for (const [label, makeHost] of hosts) {
    it(`${label}: refuses every reference out of the folder, to a device, a pipe or a URL, without reading it`, () => {
      const host = makeHost();
      for (const ref of REFUSED)
        assertRefused(
          analyzeFile(nodePath.join(root, 'plan.perf.yaml'), plansReferencing(ref), { references: host }),
          ref,
        );
      assertNothingOutsideRead();
    });
  }

  it('a cycle of references between files terminates (a referenced file is read without following its own references)', () => {
    const twin = (other: string) =>
      [
        latencyBudget(LESSON_SEGMENTS),
        capacityModel(`{ peakRps: 100, latencyFrom: ./${other}.perf.yaml }`, '{ safetyFactor: 1.5 }'),
      ].join('---\n');
    fs.writeFileSync(nodePath.join(root, 'a.perf.yaml'), twin('b'));
    fs.writeFileSync(nodePath.join(root, 'b.perf.yaml'), twin('a'));
    const server = new Workspace(nodeFileSystem);
    server.setRoots([root]);
    for (const host of [new FileReferenceHost(root, nodeFileSystem), server]) {
      for (const name of ['a', 'b']) {
        const file = nodePath.join(root, `${name}.perf.yaml`);
        const capacity = analyzeFile(file, fs.readFileSync(file, 'utf8'), { references: host }).documents[1];
        // §9 correction: the borrowed mean is the lesson target's p50, 100 rps × 150 ms (v1: the 500 ms path, 50)
        assert.equal(capacity.metrics.inFlight, 15, 'latency borrowed from the other file: 100 rps × 150 ms');
      }
    }
    server.openDocument(nodePath.join(root, 'a.perf.yaml'), 1, twin('b'));
    server.openDocument(nodePath.join(root, 'b.perf.yaml'), 1, twin('a'));
    for (const name of ['a', 'b'])
      assert.equal(server.analysisOf(nodePath.join(root, `${name}.perf.yaml`))!.documents[1].metrics.inFlight, 15);
    assert.deepEqual(server.dependentsOf(nodePath.join(root, 'a.perf.yaml')), [nodePath.join(root, 'b.perf.yaml')]);
  });

  it('$ref, $schema and YAML tags in a document are data: nothing is fetched, included or run', () => {
    const text = perfdoc(
      'LatencyBudget',
      '$schema: https://example.com/schema.json',
      '$ref: http://127.0.0.1:9/budget.perf.yaml',
      'target: { $ref: "file:///etc/passwd", p95: 500ms, p99: 1s, timeout: 2s }',
      'segments:',
      "  - !!js/function \"function () { require('child_process').execSync('touch /tmp/perfdoc-pwned') }\"",
      '  - !include /etc/passwd',
      '  - { name: a, budget: 1ms }',
    );
    const file = analyzeFile(nodePath.join(root, 'x.perf.yaml'), text, {
      references: new FileReferenceHost(root, nodeFileSystem),
    });
    assert.ok(
      findingsOf(file, 'PD002').some(f => /\$ref/.test(f.message)),
      'an unknown key, reported as such',
    );
    assert.equal(fs.existsSync('/tmp/perfdoc-pwned'), false);
    assertNothingOutsideRead();
  });

  it('a changed file the client reports through a symlink out of the workspace is not read', () => {
    const server = new Workspace(nodeFileSystem);
    server.setRoots([root]);
    server.fileChanged(nodePath.join(root, 'link.perf.yaml'));
    server.fileChanged(nodePath.join(root, 'linked-dir', 'secret.perf.yaml'));
    server.fileChanged(nodePath.join(outside, 'secret.perf.yaml'));
    server.fileChanged(nodePath.join(root, 'pipe.perf.yaml'));
    assert.deepEqual(server.knownPaths(), []);
    assertNothingOutsideRead();
  });

  it('typing 5,000 different reference paths leaves a bounded cache behind', () => {
    const server = new Workspace(nodeFileSystem);
    server.setRoots([root]);
    const file = nodePath.join(root, 'typing.perf.yaml');
    for (let i = 0; i < 5_000; i++) {
      server.openDocument(
        file,
        i + 1,
        capacityModel(`{ peakRps: 100, latencyFrom: ./budget-${i}.perf.yaml }`, '{ safetyFactor: 1.5 }'),
      );
      assert.match(findingsOf(server.analysisOf(file)!, 'PD004')[0].message, new RegExp(`budget-${i}\\.perf\\.yaml`));
    }
    // Each typed path used to stay cached for good (20,000 of them held 10 MB).
    const cached = (server as unknown as { shallow: Map<string, unknown> }).shallow.size;
    assert.ok(cached <= 1000, `${cached} referenced files cached`);
  });

  it('indexing the workspace skips pipes, devices and links out of it', async () => {
    fs.writeFileSync(nodePath.join(root, 'ok.perf.yaml'), latencyBudget(LESSON_SEGMENTS));
    const server = new Workspace(nodeFileSystem);
    server.setRoots([root]);
    await server.indexAll(async () => undefined);
    assert.deepEqual(server.knownPaths(), [nodePath.join(root, 'ok.perf.yaml')]);
    assertNothingOutsideRead();
  });
});
