// The VS Code extension entry in the browser (dist/web/extension.js, package.json `browser`):
// vscode.dev, github.dev, and any web worker extension host. The same activation (activation.ts)
// and session (session.ts) as on Node; the language server runs in a web worker
// (dist/web/server.js) and reads the files a document references through this client
// (workspaceFiles.ts). One bundle: a web extension cannot require a second file.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { PerfdocExtensionApi, activatePerfdoc } from '../activation';
import { startSession } from '../session';

export { deactivate } from '../activation';

declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof LanguageClient>[3];

export function activate(context: vscode.ExtensionContext): PerfdocExtensionApi {
  return activatePerfdoc(context, () => (ctx, headlineStatus, outputChannel) => {
    const serverMain = vscode.Uri.joinPath(ctx.extensionUri, 'dist/web/server.js');
    return startSession(ctx, headlineStatus, outputChannel, options => {
      const worker = new Worker(serverMain.toString(true), { name: 'perfdoc language server' });
      // The id `perfdoc` makes the client honour the `perfdoc.trace.server` setting.
      return new LanguageClient('perfdoc', 'perfdoc', options, worker);
    });
  });
}
