import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@xterm/xterm/css/xterm.css';
import './styles.css';
import type { HostClient } from '../../electron/common/host-client';
import { AppContext } from './app-context';
import { watchAttention } from './attention';
import { installShortcuts } from './keyboard';
import { App } from './components/App';
import { keepConnected } from './host-client/connection';
import { createAppStore } from './store/app-store';

const store = createAppStore();
watchAttention(store);
installShortcuts(store);

function Root() {
  const [client, setClient] = useState<HostClient | null>(null);
  useEffect(() => keepConnected(store, setClient), []);
  return (
    <AppContext.Provider value={{ store, client }}>
      <App />
    </AppContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
