import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { HostClient } from '../../electron/common/host-client';
import type { AppState, AppStore } from './store/app-store';

export interface AppContextValue {
  store: AppStore;
  client: HostClient | null;
}

export const AppContext = createContext<AppContextValue | null>(null);

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext missing');
  return value;
}

export const useAppStoreApi = (): AppStore => useAppContext().store;
export const useClient = (): HostClient | null => useAppContext().client;
export const useApp = <T,>(selector: (state: AppState) => T): T => useStore(useAppContext().store, selector);
