import { useCallback } from 'react';
import type { Layout } from '../../../electron/common/layout';
import { useLayoutSync } from '../app-context';

/** Sends a changed layout to the host, which keeps it and tells the other windows. */
export function useLayoutSink(): (layout: Layout) => void {
  const sync = useLayoutSync();
  return useCallback((layout: Layout) => sync?.send(layout), [sync]);
}
