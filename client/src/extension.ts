// The VS Code extension entry on Node (dist/extension.js, package.json `main`): activation.ts
// with the language client loaded from dist/client.js, a second bundle required only after
// `activate` has returned (vscode-languageclient takes tens of milliseconds to load). This file
// imports nothing but `vscode` and small local modules. The web entry is web/extension.ts.
import type * as vscode from 'vscode';
import { PerfdocExtensionApi, activatePerfdoc } from './activation';
import type { startClient } from './client';

export type { PerfdocExtensionApi } from './activation';
export { deactivate } from './activation';

export function activate(context: vscode.ExtensionContext): PerfdocExtensionApi {
  // A separate bundle next to this one (scripts/build.mjs keeps it external).
  return activatePerfdoc(context, () => (require('./client.js') as { startClient: typeof startClient }).startClient);
}
