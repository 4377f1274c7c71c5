import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { HostClient } from '../../electron/common/host-client';
import type { AppState, AppStore } from './store/app-store';

export const AppContext = createContext<AppStore | null>(null);

export function useAppStoreApi(): AppStore {
  const store = useContext(AppContext);
  if (!store) throw new Error('AppContext missing');
  return store;
}

export const useApp = <T>(selector: (state: AppState) => T): T => useStore(useAppStoreApi(), selector);
/** The live connection, for what streams outside the store (terminals, logs, change events). */
export const useClient = (): HostClient | null => useApp((s) => s.client);
/** The store's actions: they never change, so calling them needs no subscription. */
export const useActions = (): AppState => useAppStoreApi().getState();
