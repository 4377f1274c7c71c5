import { useApp } from '../app-context';
import { ConnectionBanner } from './ConnectionBanner';
import { Notices } from './Notices';
import { Sidebar } from './Sidebar';
import { TileGrid } from './TileGrid';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { PhoneApp } from '../phone/PhoneApp';
import { usePhoneLayout } from '../phone/use-phone-layout';

export function App() {
  const phone = usePhoneLayout();
  const connection = useApp((s) => s.connection);
  const timelineProjectId = useApp((s) =>
    s.timelineProjectId && s.projects.some((p) => p.id === s.timelineProjectId) ? s.timelineProjectId : null,
  );
  // A phone-sized window gets its own tree: one session at a time, never resized (src/phone).
  if (phone) return <PhoneApp />;
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
