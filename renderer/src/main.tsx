import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import type { HostClient } from '../../electron/common/host-client';
import { AppContext } from './app-context';
import { watchAttention } from './attention';
import { installShortcuts } from './commands/install-shortcuts';
import { Palette } from './commands/Palette';
import { App } from './components/App';
import { keepConnected } from './host-client/connection';
import { createAppStore } from './store/app-store';

const store = createAppStore();
watchAttention(store);

function Root() {
  const [client, setClient] = useState<HostClient | null>(null);
  useEffect(() => keepConnected(store, setClient), []);
  useEffect(
    () => installShortcuts(() => ({ store, client, send: (layout) => void client?.request('layout.set', { layout }) })),
    [client],
  );
  return (
    <AppContext.Provider value={{ store, client }}>
      <App />
      <Palette />
    </AppContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
