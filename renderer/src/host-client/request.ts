import type { Method, MethodResults, Params } from '../../../electron/common/protocol';
import type { Result } from '../../../electron/common/result';
import type { AppState } from '../store/app-store';

type Get = () => AppState;
/** The host's answer, or null when there was no connection to ask. */
export type Reply<M extends Method> = Promise<Result<MethodResults[M]> | null>;

/** For a form that shows the host's error in place: null while there is no connection. */
export function requestInPlace<M extends Method>(get: Get, method: M, params: Params<M>): Reply<M> {
  const client = get().client;
  return client ? client.request(method, params) : Promise.resolve(null);
}

/** What went wrong (or that there is no connection) reaches the person: the Messages region. */
export function notifyFailure(get: Get, result: Result<unknown> | null): void {
  if (!result) get().showNotice('Not connected to the Flotilla host yet: try again in a moment.');
  else if (!result.ok) get().showNotice(result.error.message);
}

/**
 * The one way the renderer asks the host for something a person did: whatever the host says
 * went wrong reaches them, so no result is ever dropped. Forms that show the error in place use
 * requestInPlace.
 */
export async function requestOrNotify<M extends Method>(get: Get, method: M, params: Params<M>): Reply<M> {
  const result = await requestInPlace(get, method, params);
  notifyFailure(get, result);
  return result;
}
