// Everything the language server holds between messages, in one object the handlers share
// (taplo's `World`): the open documents, the workspace model, the settings per folder, the
// analysis scheduler and what the client said it supports. The handlers in handlers/ are
// functions over it; `Client` is all they send back, so a test drives them with a fake.
import { Connection, DidChangeConfigurationNotification, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { CodeLensRefreshRequest } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HeadlineNotification, HeadlineParams, ReadFileRequest } from '../../../shared/protocol';
import type { FileAnalysis } from '../core/analyze';
import { ClientFileSystem, MAX_CLIENT_READ_BYTES, routedFileSystem } from '../files/clientFileSystem';
import { DocumentPaths, isVirtualPath } from '../files/documentPaths';
import type { FileSystem, TextRead } from '../files/fileSystem';
import { CoalescingScheduler } from './scheduler';
import { SettingsStore } from './settings';
import { Workspace } from './workspace';
import { WorkspaceConfigs } from './workspaceConfig';
import { CONFIG_FILE_NAME } from '../core/config';
import * as nodePath from 'node:path';

/** What the server sends to the client. */
export interface Client {
  publishDiagnostics(params: PublishDiagnosticsParams): void;
  publishHeadline(params: HeadlineParams): void;
  /** The `perfdoc` section for a scope (`workspace/configuration`). */
  configuration(scopeUri: string): Promise<unknown>;
  /** Asks to be told of changes to the `perfdoc` section (dynamic registration). */
  watchConfiguration(): void;
  refreshInlayHints(): void;
  refreshCodeLenses(): void;
  /** A workspace file read by the editor (files the server cannot open: clientFileSystem.ts). */
  readFile(uri: string): Promise<TextRead>;
  log(message: string): void;
  error(message: string): void;
}

export function connectionClient(connection: Connection): Client {
  const ignore = () => undefined;
  return {
    publishDiagnostics: p => void connection.sendDiagnostics(p),
    publishHeadline: p => void connection.sendNotification(HeadlineNotification, p),
    configuration: scopeUri => connection.workspace.getConfiguration({ scopeUri, section: 'perfdoc' }),
    watchConfiguration: () =>
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'perfdoc' }),
    refreshInlayHints: () => void connection.languages.inlayHint.refresh().catch(ignore),
    refreshCodeLenses: () => void connection.sendRequest(CodeLensRefreshRequest.type).catch(ignore),
    readFile: uri => connection.sendRequest(ReadFileRequest, { uri, maxBytes: MAX_CLIENT_READ_BYTES }),
    log: m => connection.console.log(m),
    error: m => connection.console.error(m),
  };
}

/** What the client said it supports (initialize); nothing is sent that it cannot take. */
export interface ClientSupport {
  configuration: boolean;
  configurationRegistration: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
  /** Workspace edits may hold snippet edits (a quick fix's placeholder to type over). */
  snippetEdits: boolean;
}

export class ServerState {
  readonly documents = new Map<string, TextDocument>();
  readonly settings = new SettingsStore();
  readonly workspace: Workspace;
  readonly scheduler: CoalescingScheduler;
  support: ClientSupport = {
    configuration: false,
    configurationRegistration: false,
    inlayHintRefresh: false,
    codeLensRefresh: false,
    snippetEdits: false,
  };
  /** The files only the client can read (virtual paths): the whole workspace on the web. */
  readonly clientFiles: ClientFileSystem;
  private readonly pathOf = new Map<string, string>();
  private readonly uriOf = new Map<string, string>();
  /** The `.perfdoc.yaml` path of each workspace folder → the folder's URI (its settings scope). */
  private readonly configScopes = new Map<string, string>();
  readonly configs: WorkspaceConfigs;

  /**
   * @param fileSystem the host's own file system (node:fs), or null when it has none (the web)
   * @param paths how the host's URIs map to paths (files/documentPaths.ts)
   * @param analyse analyses and publishes one open document (handlers/diagnostics.ts)
   * @param idleCollector told how much text each analysis read (lsp/idleCollector.ts)
   */
  constructor(
    readonly client: Client,
    fileSystem: FileSystem | null,
    readonly paths: DocumentPaths,
    analyse: (state: ServerState, uri: string) => void,
    idleCollector: { analyzed(chars: number): void },
  ) {
    this.clientFiles = new ClientFileSystem(
      uri => client.readFile(uri),
      path => this.uriOfPath(path),
      path => {
        this.workspace.fileArrived(path);
        this.refreshDependents(path);
        // On the web a folder's .perfdoc.yaml is read through the client too: it applies when it
        // arrives (unless an editor has it open: the editor's text wins).
        if (!this.workspace.isOpen(path)) this.configChanged(path);
      },
    );
    const files = fileSystem ? routedFileSystem(fileSystem, this.clientFiles, isVirtualPath) : this.clientFiles;
    this.workspace = new Workspace(files, path => this.settings.of(this.uriOfPath(path)).analysis);
    this.configs = new WorkspaceConfigs(files);
    this.scheduler = new CoalescingScheduler(
      uri => {
        try {
          analyse(this, uri);
        } finally {
          idleCollector.analyzed(this.documents.get(uri)?.getText().length ?? 0);
        }
      },
      (uri, e) => client.error(`perfdoc: analysis of ${uri} failed: ${(e as Error).stack ?? e}`),
    );
  }

  /** The analysis of an open document at its current version. */
  analysisFor(uri: string): FileAnalysis | undefined {
    const path = this.pathOf.get(uri);
    return path ? this.workspace.analysisOf(path) : undefined;
  }

  /** The editor's URI of a path: the open document's, else the host's URI for it. */
  uriOfPath(path: string): string {
    return this.uriOf.get(path) ?? this.paths.uriOf(path);
  }

  /** The workspace's path of an open document (a pseudo-path for untitled ones). */
  pathOfUri(uri: string): string | undefined {
    return this.pathOf.get(uri);
  }

  track(uri: string, languageId: string): string {
    const path = this.paths.pathOf(uri, languageId);
    this.pathOf.set(uri, path);
    this.uriOf.set(path, uri);
    return path;
  }

  untrack(uri: string): string | undefined {
    const path = this.pathOf.get(uri);
    this.pathOf.delete(uri);
    if (path) this.uriOf.delete(path);
    this.scheduler.cancel(uri);
    return path;
  }

  /** Re-analyses the open documents that reference `path`. */
  refreshDependents(path: string): void {
    for (const dependent of this.workspace.dependentsOf(path)) {
      const uri = this.uriOf.get(dependent);
      if (uri) this.scheduler.schedule(uri);
    }
  }

  /** The workspace folders (file: URIs): each one's `.perfdoc.yaml` is read and layered over the editor settings. */
  setConfigFolders(folderUris: string[]): void {
    for (const uri of folderUris) {
      const folder = this.paths.placeOf(uri);
      if (folder === undefined) continue;
      const path = nodePath.join(folder, CONFIG_FILE_NAME);
      this.configScopes.set(path, uri.replace(/\/$/, ''));
      this.configs.load(path);
      this.settings.setFileConfig(this.configScopes.get(path)!, this.configs.overridesOf(path));
    }
  }

  isConfigFile(path: string): boolean {
    return this.configScopes.has(path);
  }

  /** A folder's `.perfdoc.yaml` changed (`text` while an editor has it open): every open document is judged again. */
  configChanged(path: string, text?: string): void {
    const scope = this.configScopes.get(path);
    if (scope === undefined) return;
    this.configs.load(path, text);
    this.settings.setFileConfig(scope, this.configs.overridesOf(path));
    this.reanalyzeAll();
  }

  /** Re-analyses every open document and asks the client to ask again for what depends on settings. */
  reanalyzeAll(): void {
    for (const uri of this.documents.keys()) this.scheduler.schedule(uri);
    if (this.support.inlayHintRefresh) this.client.refreshInlayHints();
    if (this.support.codeLensRefresh) this.client.refreshCodeLenses();
  }
}
