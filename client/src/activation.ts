// The VS Code side of perfdoc, for both extension hosts: it only starts the language server and
// wires the commands, the preview and a status bar item to it. All analysis happens in the
// server, which decides which YAML and Markdown documents are perfdoc documents; everything else
// gets nothing. Each entry (extension.ts on Node, web/extension.ts in the browser) passes how its
// language client is loaded; the client is started only after `activate` has returned, so that
// activation costs a few milliseconds.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { PerfdocClient } from './session';
import { HeadlineStatus } from './headlineStatus';
import { PREVIEW_VIEW_TYPE } from './previewViewType';

/**
 * What `activate` returns, for tests and other extensions
 * (`vscode.extensions.getExtension('perfdoc.perfdoc').exports`).
 */
export interface PerfdocExtensionApi {
  /** The language client, once dist/client.js has loaded and started it (rejects if loading failed). */
  clientReady: Promise<BaseLanguageClient>;
  /** Settles when the client has loaded and the first server start has finished its `initialize` handshake (rejects if either failed). */
  whenReady: Promise<void>;
}

/** The loaded client half of the current activation; resolves with undefined if it never loaded. */
let loaded: Promise<PerfdocClient | undefined> | undefined;
let deactivated = false;

/** `promise`, with its rejection marked as handled: whoever needs the outcome awaits it. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Starts the language client and what talks to it (session.ts), in the host's way. */
export type ClientStarter = (
  context: vscode.ExtensionContext,
  headlineStatus: HeadlineStatus,
  outputChannel: vscode.LogOutputChannel,
) => PerfdocClient | Promise<PerfdocClient>;

/** `activate` of an entry whose client is loaded by `loadStarter` (called after activation). */
export function activatePerfdoc(
  context: vscode.ExtensionContext,
  loadStarter: () => ClientStarter,
): PerfdocExtensionApi {
  deactivated = false;
  const headlineStatus = new HeadlineStatus();
  const started = handled(loadClient(context, headlineStatus, loadStarter));
  loaded = started.catch(() => undefined);
  context.subscriptions.push(
    headlineStatus,
    // Commands run at any time, also before the client has loaded: they wait for it.
    vscode.commands.registerCommand('perfdoc.openPreview', async () => (await started).openPreview()),
    vscode.commands.registerCommand('perfdoc.showChecklistReport', async () => (await started).showChecklistReport()),
    vscode.commands.registerCommand('perfdoc.restartServer', async () => {
      const { client } = await started;
      headlineStatus.clear();
      // The Node client restarts its process; the browser's has no restart: stop, then start again.
      const restartable = client as BaseLanguageClient & { restart?(): Promise<void> };
      if (restartable.restart) await restartable.restart();
      else await client.stop().then(() => client.start());
    }),
    // After a window reload VS Code hands back the preview panel it restored (activating perfdoc with
    // `onWebviewPanel:perfdoc.preview` if need be); registered now, it too waits for the client.
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await started).restorePreview(panel, state),
    }),
  );
  return {
    clientReady: handled(started.then(c => c.client)),
    whenReady: handled(started.then(c => c.whenReady)),
  };
}

/** Loads and starts the client, once activation has returned; a failure is shown, then rethrown. */
async function loadClient(
  context: vscode.ExtensionContext,
  headlineStatus: HeadlineStatus,
  loadStarter: () => ClientStarter,
): Promise<PerfdocClient> {
  // VS Code times activation up to the return of `activate`: what follows is not part of it.
  // (setTimeout, not setImmediate: a web worker has no setImmediate.)
  await new Promise(resolve => setTimeout(resolve, 0));
  if (deactivated) throw new Error('perfdoc was deactivated before its language client started');
  // A log channel, the kind vscode-languageclient creates when given none: its log and traces go here.
  const outputChannel = vscode.window.createOutputChannel('perfdoc', { log: true });
  context.subscriptions.push(outputChannel);
  try {
    return await loadStarter()(context, headlineStatus, outputChannel);
  } catch (error) {
    outputChannel.error(
      `perfdoc: the language client could not be started: ${(error as Error)?.stack ?? String(error)}`,
    );
    void vscode.window.showErrorMessage(
      `perfdoc: the language client could not be started (${(error as Error)?.message ?? String(error)}). See the "perfdoc" output.`,
    );
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  deactivated = true;
  const current = await loaded;
  loaded = undefined;
  if (!current) return;
  // vscode-languageclient refuses to stop a client that is still starting: let the start settle first.
  await current.whenReady.catch(() => undefined);
  if (current.client.isRunning()) await current.client.stop();
}
