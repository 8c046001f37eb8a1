// A handler failure must cost the user one feature for one request, never the server. A
// request the client cancelled while it waited (behind an analysis) is not computed at all;
// handlers are synchronous and bounded by the analysis limits, except the workspace-wide
// checklist report, which yields and checks the token as it goes.
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { ServerState } from './state';

export function guard<P, R>(
  state: ServerState,
  name: string,
  fallback: R,
  handler: (state: ServerState, params: P, token?: CancellationToken) => R | Promise<R>,
): (params: P, token?: CancellationToken) => Promise<R> {
  return async (params, token) => {
    try {
      throwIfCancelled(token);
      return await handler(state, params, token);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      state.client.error(`perfdoc: ${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}

export function throwIfCancelled(token?: CancellationToken): void {
  if (token?.isCancellationRequested)
    throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled by the client');
}
