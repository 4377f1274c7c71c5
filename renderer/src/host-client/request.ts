import type { HostClient } from '../../../electron/common/host-client';
import type { Method, MethodResults, Params } from '../../../electron/common/protocol';
import type { Result } from '../../../electron/common/result';
import { showNotice, type AppStore } from '../store/app-store';

/**
 * The one way the renderer asks the host for something a person did: whatever the host says
 * went wrong reaches them (the Messages region), so no result is ever dropped. Callers that
 * show the error in place (a form) use the client directly.
 */
export async function requestOrNotify<M extends Method>(store: AppStore, client: HostClient | null, method: M, params: Params<M>): Promise<Result<MethodResults[M]> | null> {
  if (!client) {
    showNotice(store, 'Not connected to the Flotilla host yet: try again in a moment.');
    return null;
  }
  const result = await client.request(method, params);
  if (!result.ok) showNotice(store, result.error.message);
  return result;
}
