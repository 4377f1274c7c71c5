import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import type { HostClient } from '../../electron/common/host-client';
import { AppContext } from './app-context';
import { watchAttention } from './attention';
import { installShortcuts } from './commands/install-shortcuts';
import { useStore } from 'zustand';
import { App } from './components/App';
import { keepConnected } from './host-client/connection';
import { sendLayout } from './host-client/layout-sync';
import { createAppStore } from './store/app-store';

// The palette (cmdk) loads the first time it is opened.
const Palette = lazy(() => import('./commands/Palette').then((m) => ({ default: m.Palette })));

const store = createAppStore();
watchAttention(store);

function Root() {
  const [client, setClient] = useState<HostClient | null>(null);
  const paletteWanted = useStore(store, (s) => s.paletteOpen);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  if (paletteWanted && !paletteLoaded) setPaletteLoaded(true);
  useEffect(() => keepConnected(store, setClient), []);
  useEffect(
    () => installShortcuts(() => ({ store, client, send: (layout) => client && sendLayout(client, store, layout) })),
    [client],
  );
  return (
    <AppContext.Provider value={{ store, client }}>
      <App />
      {paletteLoaded && (
        <Suspense fallback={null}>
          <Palette />
        </Suspense>
      )}
    </AppContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
