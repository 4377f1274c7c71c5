import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { AppContext } from './app-context';
import { watchAttention } from './attention';
import { installShortcuts } from './commands/install-shortcuts';
import { useStore } from 'zustand';
import { App } from './components/App';
import { keepConnected, type Connected } from './host-client/connection';
import { createAppStore } from './store/app-store';

// The palette (cmdk) loads the first time it is opened.
const Palette = lazy(() => import('./commands/Palette').then((m) => ({ default: m.Palette })));

const store = createAppStore();
watchAttention(store);

function Root() {
  const [connected, setConnected] = useState<Connected | null>(null);
  const client = connected?.client ?? null;
  const layout = connected?.layout ?? null;
  const paletteWanted = useStore(store, (s) => s.paletteOpen);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  if (paletteWanted && !paletteLoaded) setPaletteLoaded(true);
  useEffect(() => keepConnected(store, setConnected), []);
  useEffect(
    () => installShortcuts(() => ({ store, client, send: (next) => layout?.send(next) })),
    [client, layout],
  );
  return (
    <AppContext.Provider value={{ store, client, layout }}>
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
