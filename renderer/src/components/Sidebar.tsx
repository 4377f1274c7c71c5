import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../app-context';
import { AddProjectForm } from './AddProjectForm';
import { BroadcastForm } from './BroadcastForm';
import { NotificationsToggle } from './NotificationsToggle';
import { PresetsEditor } from './PresetsEditor';
import { ProjectItem } from './ProjectItem';

export function Sidebar() {
  const projectIds = useApp(useShallow((s) => s.projects.map((p) => p.id)));
  const connected = useApp((s) => s.connection === 'open' || s.hostInfo !== null);
  return (
    <nav className="sidebar" aria-label="Projects">
      <h1 className="brand">Flotilla</h1>
      <AddProjectForm />
      {connected && projectIds.length === 0 && (
        <p className="empty">No projects yet. Add a folder above to start sessions in it.</p>
      )}
      <ul className="projects" aria-label="Project list">
        {projectIds.map((id) => (
          <ProjectItem key={id} projectId={id} />
        ))}
      </ul>
      <BroadcastForm />
      <PresetsEditor />
      <NotificationsToggle />
    </nav>
  );
}
