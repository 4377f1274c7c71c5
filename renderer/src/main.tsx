import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import { AppContext } from './app-context';
import { watchAttention } from './attention';
import { installShortcuts } from './commands/install-shortcuts';
import { useStore } from 'zustand';
import { App } from './components/App';
import { keepConnected } from './host-client/connection';
import { createAppStore } from './store/app-store';

// The palette (cmdk) loads the first time it is opened.
const Palette = lazy(() => import('./commands/Palette').then((m) => ({ default: m.Palette })));

const store = createAppStore();
watchAttention(store);

function Root() {
  const paletteWanted = useStore(store, (s) => s.paletteOpen);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  if (paletteWanted && !paletteLoaded) setPaletteLoaded(true);
  useEffect(() => keepConnected(store), []);
  useEffect(() => installShortcuts(store), []);
  return (
    <AppContext.Provider value={store}>
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
