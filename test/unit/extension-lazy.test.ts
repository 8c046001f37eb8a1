// The extension entry as it ships (dist/extension.js) against a fake `vscode` and a fake client
// bundle: activation loads only the entry, and the language client (dist/client.js) comes after
// `activate` has returned; commands, and the preview VS Code restores after a reload, wait for it;
// a client that fails to load is shown, never swallowed; deactivate stops what was started, and
// starts nothing it has not.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module = require('node:module');
import * as nodePath from 'node:path';

const REPO = nodePath.resolve(__dirname, '..', '..', '..');
const ENTRY = nodePath.join(REPO, 'dist', 'extension.js');

type Handler = (...args: unknown[]) => unknown;
interface Api {
  clientReady: Promise<unknown>;
  whenReady: Promise<void>;
}
interface Entry {
  activate(context: unknown): Api;
  deactivate(): Promise<void>;
}

interface Serializer {
  deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void>;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(e: Error): void;
}
function deferred(): Deferred {
  const d = {} as Deferred;
  d.promise = new Promise<void>((resolve, reject) => Object.assign(d, { resolve, reject }));
  return d;
}

/** What the fake editor and the fake client bundle saw, in order. */
interface World {
  calls: string[];
  commands: Map<string, Handler>;
  /** The webview panel serializers, by view type. */
  serializers: Map<string, Serializer>;
  /** What the fake client's restorePreview was given. */
  restored: { panel: unknown; state: unknown }[];
  errorMessages: string[];
  logged: string[];
  /** The fake client's first start; the test settles it. */
  start: Deferred;
  running: boolean;
}

function fakeVscode(world: World) {
  const disposable = { dispose: () => undefined };
  return {
    commands: { registerCommand: (id: string, handler: Handler) => (world.commands.set(id, handler), disposable) },
    window: {
      activeTextEditor: undefined,
      registerWebviewPanelSerializer: (viewType: string, serializer: Serializer) => (
        world.serializers.set(viewType, serializer),
        disposable
      ),
      createStatusBarItem: () => ({
        show: () => world.calls.push('status shown'),
        hide: () => undefined,
        dispose: () => undefined,
      }),
      onDidChangeActiveTextEditor: () => disposable,
      createOutputChannel: () => ({ error: (m: string) => world.logged.push(m), dispose: () => undefined }),
      showErrorMessage: (m: string) => (world.errorMessages.push(m), Promise.resolve(undefined)),
    },
    workspace: { onDidCloseTextDocument: () => disposable },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
  };
}

/** The fake dist/client.js: records calls instead of starting a server. */
function fakeClientBundle(world: World) {
  const client = {
    restart: async () => {
      world.calls.push('restart');
    },
    stop: async () => {
      world.calls.push('stop');
      world.running = false;
    },
    isRunning: () => world.running,
  };
  return {
    startClient: () => {
      world.calls.push('startClient');
      const whenReady = world.start.promise.then(() => {
        world.running = true;
      });
      whenReady.catch(() => undefined);
      return {
        client,
        whenReady,
        openPreview: () => {
          world.calls.push('openPreview');
        },
        restorePreview: async (panel: unknown, state: unknown) => {
          world.calls.push('restorePreview');
          world.restored.push({ panel, state });
        },
        showChecklistReport: async () => {
          world.calls.push('showChecklistReport');
        },
      };
    },
  };
}

const loader = Module as unknown as {
  _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
};
const originalLoad = loader._load;

/** A fresh copy of dist/extension.js whose `vscode` and `./client.js` are the fakes (`clientBundle` throws to fail the load). */
function loadEntry(world: World, clientBundle: () => unknown = () => fakeClientBundle(world)): Entry {
  loader._load = function (request, parent, isMain) {
    if (request === 'vscode') return fakeVscode(world);
    if (request === './client.js' && parent?.filename === ENTRY) {
      world.calls.push('require client.js');
      return clientBundle();
    }
    return originalLoad.call(this, request, parent, isMain);
  };
  delete require.cache[ENTRY];
  return require(ENTRY) as Entry;
}

const context = () => ({
  subscriptions: [] as { dispose(): void }[],
  asAbsolutePath: (p: string) => nodePath.join(REPO, p),
});

describe('extension entry (dist/extension.js): the language client loads after activation', () => {
  let world: World;
  beforeEach(() => {
    world = {
      calls: [],
      commands: new Map(),
      serializers: new Map(),
      restored: [],
      errorMessages: [],
      logged: [],
      start: deferred(),
      running: false,
    };
  });
  afterEach(() => {
    loader._load = originalLoad;
    delete require.cache[ENTRY];
  });

  it('the bundle loads only vscode and ./client.js: vscode-languageclient is not in it', () => {
    const text = fs.readFileSync(ENTRY, 'utf8');
    const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map(m => m[1]));
    assert.deepEqual([...required].sort(), ['./client.js', 'vscode']);
    assert.doesNotMatch(text, /vscode-languageclient|vscode-jsonrpc/);
    // package.json `main` is this bundle; the client bundle ships next to it.
    assert.equal(JSON.parse(fs.readFileSync(nodePath.join(REPO, 'package.json'), 'utf8')).main, './dist/extension.js');
    assert.ok(fs.existsSync(nodePath.join(REPO, 'dist', 'client.js')));
  });

  it('activate registers the commands, the preview serializer and the status bar item and returns before the client bundle is required', async () => {
    const entry = loadEntry(world);
    const ctx = context();
    const api = entry.activate(ctx);
    assert.deepEqual([...world.commands.keys()].sort(), [
      'perfdoc.openPreview',
      'perfdoc.restartServer',
      'perfdoc.showChecklistReport',
    ]);
    assert.deepEqual([...world.serializers.keys()], ['perfdoc.preview']);
    assert.equal(
      ctx.subscriptions.length,
      5,
      'the status item, the three commands and the serializer are disposed with the extension',
    );
    assert.deepEqual(world.calls, [], 'activate required the client bundle itself');
    await api.clientReady;
    assert.deepEqual(world.calls, ['require client.js', 'startClient']);
    world.start.resolve();
    await api.whenReady;
  });

  for (const [command, effect] of [
    ['perfdoc.showChecklistReport', 'showChecklistReport'],
    ['perfdoc.openPreview', 'openPreview'],
    ['perfdoc.restartServer', 'restart'],
  ]) {
    it(`${command} run right after activation, before the client has loaded, waits for it and then runs`, async () => {
      const entry = loadEntry(world);
      entry.activate(context());
      const done = world.commands.get(command)!();
      assert.deepEqual(world.calls, []);
      await done;
      assert.deepEqual(world.calls, ['require client.js', 'startClient', effect]);
    });
  }

  it('a preview restored right after activation waits for the client, then gets the panel and the state its page kept', async () => {
    const entry = loadEntry(world);
    entry.activate(context());
    const panel = { viewType: 'perfdoc.preview' };
    const state = { uri: 'file:///work/queue-drain.perf.yaml' };
    const restored = world.serializers.get('perfdoc.preview')!.deserializeWebviewPanel(panel, state);
    assert.deepEqual(world.calls, [], 'the serializer required the client bundle itself');
    await restored;
    assert.deepEqual(world.calls, ['require client.js', 'startClient', 'restorePreview']);
    assert.equal(world.restored.length, 1);
    assert.equal(world.restored[0].panel, panel);
    assert.equal(world.restored[0].state, state);
  });

  it('a client bundle that fails to load is shown and logged; whenReady, clientReady, the commands and a preview restore reject with its error', async () => {
    const entry = loadEntry(world, () => {
      throw new Error('client.js is broken');
    });
    const api = entry.activate(context());
    await assert.rejects(api.whenReady, /client\.js is broken/);
    await assert.rejects(api.clientReady, /client\.js is broken/);
    await assert.rejects(Promise.resolve(world.commands.get('perfdoc.showChecklistReport')!()), /client\.js is broken/);
    // VS Code shows its "could not load this view" page in a panel whose restore rejects.
    await assert.rejects(
      world.serializers.get('perfdoc.preview')!.deserializeWebviewPanel({}, undefined),
      /client\.js is broken/,
    );
    assert.equal(world.errorMessages.length, 1);
    assert.match(world.errorMessages[0], /could not be started \(client\.js is broken\)/);
    assert.match(world.logged.join('\n'), /client\.js is broken\n\s+at /, 'the output channel gets the stack');
    await entry.deactivate();
  });

  it('deactivate before the client has loaded: the client is never required, nothing is shown', async () => {
    const entry = loadEntry(world);
    const api = entry.activate(context());
    await entry.deactivate();
    await assert.rejects(api.clientReady, /deactivated before its language client started/);
    assert.deepEqual(world.calls, []);
    assert.deepEqual(world.errorMessages, []);
  });

  it('deactivate while the client is starting waits for the start to settle, then stops it', async () => {
    const entry = loadEntry(world);
    const api = entry.activate(context());
    await api.clientReady;
    const deactivated = entry.deactivate();
    // One turn of the event loop: a deactivate that did not wait would have called stop by now.
    await new Promise(resolve => setImmediate(resolve));
    assert.deepEqual(world.calls, ['require client.js', 'startClient']);
    world.start.resolve();
    await deactivated;
    assert.deepEqual(world.calls, ['require client.js', 'startClient', 'stop']);
  });

  it('deactivate after a failed start stops nothing and does not throw', async () => {
    const entry = loadEntry(world);
    const api = entry.activate(context());
    await api.clientReady;
    world.start.reject(new Error('server did not start'));
    await assert.rejects(api.whenReady, /server did not start/);
    await entry.deactivate();
    assert.deepEqual(world.calls, ['require client.js', 'startClient']);
  });
});
