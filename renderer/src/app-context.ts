import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { HostClient } from '../../electron/common/host-client';
import type { Method, Params } from '../../electron/common/protocol';
import type { LayoutSync } from './host-client/layout-sync';
import { requestOrNotify } from './host-client/request';
import type { AppState, AppStore } from './store/app-store';

export interface AppContextValue {
  store: AppStore;
  client: HostClient | null;
  /** The layout's sync with the host, for this connection. */
  layout: LayoutSync | null;
}

export const AppContext = createContext<AppContextValue | null>(null);

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext missing');
  return value;
}

export const useAppStoreApi = (): AppStore => useAppContext().store;
export const useClient = (): HostClient | null => useAppContext().client;
export const useLayoutSync = (): LayoutSync | null => useAppContext().layout;
/** requestOrNotify bound to this app's store and client. */
export function useRequest() {
  const { store, client } = useAppContext();
  return <M extends Method>(method: M, params: Params<M>) => requestOrNotify(store, client, method, params);
}
export const useApp = <T,>(selector: (state: AppState) => T): T => useStore(useAppContext().store, selector);
