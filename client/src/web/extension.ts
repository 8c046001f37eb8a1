// The VS Code extension entry in the browser (dist/web/extension.js, package.json `browser`):
// vscode.dev, github.dev, and any web worker extension host. The same activation (activation.ts)
// and session (session.ts) as on Node; the language server runs in a web worker
// (dist/web/server.js) and reads the files a document references through this client
// (workspaceFiles.ts). One bundle, as a web extension cannot require a second file; the client
// half (web/webClient.ts) is required only after `activate` has returned, as on Node.
import type * as vscode from 'vscode';
import { PerfdocExtensionApi, activatePerfdoc } from '../activation';
import type { startWebClient } from './webClient';

export { deactivate } from '../activation';

export function activate(context: vscode.ExtensionContext): PerfdocExtensionApi {
  return activatePerfdoc(
    context,
    () => (require('./webClient') as { startWebClient: typeof startWebClient }).startWebClient,
  );
}
