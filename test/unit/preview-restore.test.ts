// The Budget & Capacity preview (client/src/preview.ts) against a fake `vscode` and a fake language
// client: its page keeps the previewed document's URI as the webview state, and a panel VS Code
// restores after a reload with that state gets the same options, handlers and page as a new one and
// shows that document again, or the preview's "open a perfdoc file" message when it cannot.
import * as assert from 'node:assert/strict';
import Module = require('node:module');
import * as nodePath from 'node:path';
import type { BudgetPreview as BudgetPreviewClass } from '../../client/src/preview';
import type { PreviewParams, PreviewResult } from '../../shared/protocol';

const PREVIEW_MODULE = nodePath.resolve(__dirname, '..', '..', 'client', 'src', 'preview.js');
const OPEN_A_PERFDOC_FILE = /open a \*\.perf\.yaml file or a Markdown design doc/;

type Listener = (value: unknown) => void;

/** An event that fake code fires; `on` is what the code under test subscribes with. */
class Emitter {
  readonly listeners: Listener[] = [];
  readonly on = (listener: Listener) => (
    this.listeners.push(listener),
    { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) }
  );
  fire(value?: unknown): void {
    for (const l of [...this.listeners]) l(value);
  }
}

/** Everything the fakes do fires `changed`: the tests wait on it rather than on time. */
class World {
  readonly changed = new Emitter();
  readonly documents = new Map<string, FakeDocument>();
  readonly opened: string[] = [];
  readonly requests: string[] = [];
  readonly created: { viewType: string; options: unknown; panel: FakePanel }[] = [];
  readonly activeEditorChanged = new Emitter();
  activeTextEditor: { document: FakeDocument } | undefined;

  /** Resolves with `check()`'s first value other than undefined: now, or after a change. */
  until<T>(check: () => T | undefined): Promise<T> {
    return new Promise(resolve => {
      const now = check();
      if (now !== undefined) return resolve(now);
      const subscription = this.changed.on(() => {
        const value = check();
        if (value !== undefined) {
          subscription.dispose();
          resolve(value);
        }
      });
    });
  }
}

class FakeUri {
  constructor(private readonly text: string) {}
  get path(): string {
    return this.text.replace(/^[a-z]+:\/*/, '/');
  }
  get scheme(): string {
    return /^([a-z]+):/.exec(this.text)?.[1] ?? '';
  }
  toString(): string {
    return this.text;
  }
}

interface FakeDocument {
  uri: FakeUri;
  languageId: string;
  version: number;
  lineCount: number;
}

class FakePanel {
  readonly disposed = new Emitter();
  readonly viewStateChanged = new Emitter();
  readonly received = new Emitter();
  readonly posted: unknown[] = [];
  readonly htmls: string[] = [];
  visible = true;
  isDisposed = false;
  title = 'Budget & Capacity: as VS Code restored it';
  readonly webview: {
    options: unknown;
    html: string;
    onDidReceiveMessage: Emitter['on'];
    postMessage(m: unknown): Promise<boolean>;
  };

  constructor(world: World) {
    // The webview's html getter reads the panel's history; an arrow function cannot be a getter.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const panel = this;
    this.webview = {
      options: undefined,
      get html() {
        return panel.htmls.at(-1) ?? '';
      },
      set html(value: string) {
        panel.htmls.push(value);
        world.changed.fire();
      },
      onDidReceiveMessage: this.received.on,
      postMessage: async (m: unknown) => {
        panel.posted.push(m);
        world.changed.fire();
        return true;
      },
    };
  }
  readonly onDidDispose = (l: Listener) => this.disposed.on(l);
  readonly onDidChangeViewState = (l: Listener) => this.viewStateChanged.on(l);
  reveal(): void {}
  dispose(): void {
    this.isDisposed = true;
    this.disposed.fire();
  }
  /** The handlers the preview set on this panel: the same on a new panel and on a restored one. */
  handlerCounts() {
    return {
      dispose: this.disposed.listeners.length,
      viewState: this.viewStateChanged.listeners.length,
      message: this.received.listeners.length,
    };
  }
}

function fakeVscode(world: World) {
  const disposable = { dispose: () => undefined };
  return {
    Uri: { parse: (text: string) => new FakeUri(text) },
    ViewColumn: { One: 1, Beside: -2 },
    window: {
      get activeTextEditor() {
        return world.activeTextEditor;
      },
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: world.activeEditorChanged.on,
      showInformationMessage: async () => undefined,
      createWebviewPanel: (viewType: string, _title: string, _show: unknown, options: unknown) => {
        const panel = new FakePanel(world);
        world.created.push({ viewType, options, panel });
        return panel;
      },
    },
    workspace: {
      onDidChangeTextDocument: () => disposable,
      openTextDocument: async (uri: FakeUri) => {
        world.opened.push(uri.toString());
        const document = world.documents.get(uri.toString());
        if (!document) throw new Error(`cannot open ${uri.toString()}: file not found`);
        return document;
      },
    },
  };
}

/** The language client's part the preview uses: `perfdoc/preview` answers with a chart naming the document. */
function fakeClient(world: World) {
  return {
    code2ProtocolConverter: { asUri: (uri: FakeUri) => uri.toString() },
    sendRequest: async (_method: string, params: PreviewParams): Promise<PreviewResult> => {
      world.requests.push(params.uri);
      return {
        version: 1,
        css: '.pd-chart { fill: var(--vscode-charts-blue); }',
        sections: [
          {
            kind: 'CapacityModel',
            name: 'Case API',
            line: 0,
            html: `<svg class="pd-chart" data-line="0"><text>${params.uri}</text></svg>`,
          },
        ],
      };
    },
  };
}

const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const originalLoad = loader._load;

function newPreview(world: World): BudgetPreviewClass {
  loader._load = function (request, parent, isMain) {
    return request === 'vscode' ? fakeVscode(world) : originalLoad.call(this, request, parent, isMain);
  };
  delete require.cache[PREVIEW_MODULE];
  const { BudgetPreview } = require(PREVIEW_MODULE) as { BudgetPreview: typeof BudgetPreviewClass };
  return new BudgetPreview(fakeClient(world) as never, Promise.resolve());
}

function addDocument(world: World, uri: string): FakeDocument {
  const document = { uri: new FakeUri(uri), languageId: 'yaml', version: 1, lineCount: 10 };
  world.documents.set(uri, document);
  return document;
}

/**
 * The page's script run against a fake webview API and DOM: what it gives `vscode.setState`, and the
 * `message` listener through which the extension sends redrawn charts.
 */
function runPage(html: string) {
  const script = /<script nonce="[^"]+">([\s\S]*)<\/script>/.exec(html)?.[1];
  assert.ok(script, "the page has a nonce'd script");
  const dataUri = /<main id="root"[^>]*\sdata-uri="([^"]*)"/.exec(html)?.[1];
  const attributes: Record<string, string | null> = {
    'data-uri':
      dataUri === undefined
        ? null
        : dataUri
            .replace(/&quot;/g, '"')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&'),
  };
  const states: unknown[] = [];
  const messageListeners: Listener[] = [];
  const root = { innerHTML: '', getAttribute: (name: string) => attributes[name] ?? null };
  const api = {
    setState: (state: unknown) => {
      states.push(state);
    },
    postMessage: () => undefined,
  };
  const document = { getElementById: (id: string) => (id === 'root' ? root : null), addEventListener: () => undefined };
  const window = {
    addEventListener: (type: string, listener: Listener) => {
      if (type === 'message') messageListeners.push(listener);
    },
  };
  new Function('acquireVsCodeApi', 'document', 'window', 'Element', script)(() => api, document, window, class {});
  return {
    states,
    root,
    receive: (data: unknown) => {
      for (const l of messageListeners) l({ data });
    },
  };
}

const nonceOf = (html: string) => {
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce, "the page's CSP allows a nonce'd script");
  return nonce;
};

/** The state VS Code would keep for this page (the webview state round-trips through JSON). */
const kept = (state: unknown) => JSON.parse(JSON.stringify(state ?? null));

describe('Budget & Capacity preview: restored after a window reload', () => {
  let world: World;
  beforeEach(() => {
    world = new World();
  });
  afterEach(() => {
    loader._load = originalLoad;
    delete require.cache[PREVIEW_MODULE];
  });

  it("the page keeps the previewed document's URI as its state, also after following another editor", async () => {
    const first = addDocument(world, 'file:///work/queue-drain.perf.yaml');
    const second = addDocument(world, 'file:///work/design%20doc&notes.md');
    world.activeTextEditor = { document: first };
    const preview = newPreview(world);
    preview.open();
    const [{ panel }] = world.created;
    const html = await world.until(() => panel.htmls[0]);
    const page = runPage(html);
    assert.deepEqual(kept(page.states.at(-1)), { uri: first.uri.toString() });

    // The page's script says it is ready; the next document's charts come as a message (same stylesheet).
    panel.received.fire({ type: 'ready' });
    world.activeEditorChanged.fire({ document: second });
    const message = await world.until(() => panel.posted[0]);
    assert.equal(panel.htmls.length, 1, 'the page was not rebuilt');
    page.receive(message);
    assert.match(page.root.innerHTML, /design%20doc&notes\.md/);
    assert.deepEqual(kept(page.states.at(-1)), { uri: second.uri.toString() });
    preview.dispose();
  });

  it('a restored panel gets the options and handlers of a new one and shows the document of its state again', async () => {
    const document = addDocument(world, 'file:///work/queue-drain.perf.yaml');
    world.activeTextEditor = { document };
    const preview = newPreview(world);
    preview.open();
    const [{ viewType, options, panel: opened }] = world.created;
    assert.equal(viewType, 'perfdoc.preview');
    assert.deepEqual(options, { enableScripts: true, localResourceRoots: [], enableFindWidget: true });
    const openedPage = await world.until(() => opened.htmls[0]);

    // The reload: VS Code hands a panel of its own and the state the page kept.
    const restored = new FakePanel(world);
    const state = kept(runPage(openedPage).states.at(-1));
    await preview.restore(restored as never, state);
    assert.ok(opened.isDisposed, 'there is one preview');
    assert.deepEqual(restored.webview.options, { enableScripts: true, localResourceRoots: [] });
    assert.deepEqual(restored.handlerCounts(), { dispose: 1, viewState: 1, message: 1 });
    assert.deepEqual(world.opened, ['file:///work/queue-drain.perf.yaml']);
    assert.equal(restored.title, 'Budget & Capacity: queue-drain.perf.yaml');

    const page = await world.until(() => restored.htmls[0]);
    // The same page as a new panel's: strict CSP with a nonce, the server's stylesheet and charts.
    const nonce = nonceOf(page);
    assert.ok(page.includes(`content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';"`));
    assert.notEqual(nonce, nonceOf(openedPage), 'a new nonce for each page');
    assert.equal(page.split(nonce).join('NONCE'), openedPage.split(nonceOf(openedPage)).join('NONCE'));
    assert.deepEqual(world.requests, ['file:///work/queue-drain.perf.yaml', 'file:///work/queue-drain.perf.yaml']);
    assert.deepEqual(kept(runPage(page).states.at(-1)), { uri: 'file:///work/queue-drain.perf.yaml' });

    // A click on a chart element is handled for the restored panel, not for the disposed one.
    restored.received.fire({ type: 'ready' });
    world.activeEditorChanged.fire({ document: addDocument(world, 'file:///work/other.perf.yaml') });
    await world.until(() => restored.posted[0]);
    assert.deepEqual(opened.posted, []);
    preview.dispose();
  });

  for (const [title, state] of [
    ['without a state', undefined],
    ['with a state of another shape', { uri: 42 }],
    ['whose document no longer exists', { uri: 'file:///work/deleted.perf.yaml' }],
    ['of an untitled document (gone after a reload)', { uri: 'untitled:Untitled-1' }],
  ] as const) {
    it(`a restored panel ${title} shows the preview's "open a perfdoc file" message`, async () => {
      const preview = newPreview(world);
      const restored = new FakePanel(world);
      await preview.restore(restored as never, state);
      const page = await world.until(() => restored.htmls[0]);
      assert.match(page, OPEN_A_PERFDOC_FILE);
      assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-/);
      assert.deepEqual(restored.webview.options, { enableScripts: true, localResourceRoots: [] });
      assert.deepEqual(world.requests, [], 'no document, no preview request');
      // Opening an untitled URI would create a new, empty document: it is not opened.
      assert.deepEqual(
        world.opened,
        typeof state?.uri === 'string' && !state.uri.startsWith('untitled:') ? [state.uri] : [],
      );
      assert.deepEqual(kept(runPage(page).states.at(-1)), {}, 'the page keeps no document');

      // It is a preview all the same: it follows the next perfdoc editor.
      world.activeEditorChanged.fire({ document: addDocument(world, 'file:///work/queue-drain.perf.yaml') });
      const charts = await world.until(() => restored.htmls[1]);
      assert.match(charts, /<svg class="pd-chart"/);
      preview.dispose();
    });
  }
});
