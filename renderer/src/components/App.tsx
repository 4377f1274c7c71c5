import { useApp } from '../app-context';
import { ConnectionBanner } from './ConnectionBanner';
import { Notices } from './Notices';
import { Sidebar } from './Sidebar';
import { TileGrid } from './TileGrid';
import { TimelinePanel } from '../timeline/TimelinePanel';

export function App() {
  const connection = useApp((s) => s.connection);
  const timelineProjectId = useApp((s) =>
    s.timelineProjectId && s.projects.some((p) => p.id === s.timelineProjectId) ? s.timelineProjectId : null,
  );
  return (
    <div className={`app${timelineProjectId ? ' with-timeline' : ''}`}>
      <Sidebar />
      <main className="workspace" aria-label="Sessions" aria-busy={connection === 'connecting'}>
        <ConnectionBanner />
        <TileGrid />
      </main>
      {timelineProjectId && <TimelinePanel key={timelineProjectId} projectId={timelineProjectId} />}
      <Notices />
    </div>
  );
}
