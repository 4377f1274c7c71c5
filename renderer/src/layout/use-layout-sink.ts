import { useCallback } from 'react';
import type { Layout } from '../../../electron/common/layout';
import { useAppStoreApi, useClient } from '../app-context';
import { sendLayout } from '../host-client/layout-sync';

/** Sends a changed layout to the host, which keeps it and tells the other windows. */
export function useLayoutSink(): (layout: Layout) => void {
  const client = useClient();
  const store = useAppStoreApi();
  return useCallback((layout: Layout) => client && sendLayout(client, store, layout), [client, store]);
}
