import { useCallback } from 'react';
import type { Layout } from '../../../electron/common/layout';
import { useClient } from '../app-context';

/** Sends a changed layout to the host, which keeps it and tells the other windows. */
export function useLayoutSink(): (layout: Layout) => void {
  const client = useClient();
  return useCallback((layout: Layout) => void client?.request('layout.set', { layout }), [client]);
}
