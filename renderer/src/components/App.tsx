import { useApp } from '../app-context';
import { ConnectionBanner } from './ConnectionBanner';
import { Sidebar } from './Sidebar';
import { TileGrid } from './TileGrid';

export function App() {
  const connection = useApp((s) => s.connection);
  return (
    <div className="app">
      <Sidebar />
      <main className="workspace" aria-label="Sessions" aria-busy={connection === 'connecting'}>
        <ConnectionBanner />
        <TileGrid />
      </main>
    </div>
  );
}
