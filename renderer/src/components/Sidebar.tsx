import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../app-context';
import { AddHostForm } from './AddHostForm';
import { AddProjectForm } from './AddProjectForm';
import { BroadcastForm } from './BroadcastForm';
import { FontSizeField } from './FontSizeField';
import { groupProjectsByHost } from './host-groups';
import { HostGroupItem } from './HostGroupItem';
import { NeedsYouButton } from './NeedsYouButton';
import { NotificationsToggle } from './NotificationsToggle';
import { PresetsEditor } from './PresetsEditor';
import { ShortcutsEditor } from '../commands/ShortcutsEditor';
import { projectsByAttention } from './project-attention';
import { ProjectItem } from './ProjectItem';
import { UsageMeters } from '../usage/UsageMeters';

export function Sidebar() {
  // Projects that need attention first: a session asking for input, exited, rang or printed unseen.
  const projectIds = useApp(useShallow((s) => projectsByAttention(s)));
  const connected = useApp((s) => s.connection === 'open' || s.hostInfo !== null);
  const hostNames = useApp(useShallow((s) => s.hosts.map((h) => h.name)));
  return (
    <nav className="sidebar" aria-label="Projects">
      <h1 className="brand">Flotilla</h1>
      <NeedsYouButton />
      <AddProjectForm />
      {connected && projectIds.length === 0 && hostNames.length === 0 && (
        <p className="empty">No projects yet. Add a folder above to start sessions in it.</p>
      )}
      <ul className="projects" aria-label="Project list">
        {hostNames.length === 0
          ? projectIds.map((id) => <ProjectItem key={id} projectId={id} />)
          : // With hosts, each machine's projects under its name: this one first, then the hosts.
            groupProjectsByHost(projectIds, hostNames).map((group) => (
              <HostGroupItem key={group.host ?? ''} {...group} />
            ))}
      </ul>
      <UsageMeters />
      <AddHostForm />
      <BroadcastForm />
      <PresetsEditor />
      <ShortcutsEditor />
      <FontSizeField />
      <NotificationsToggle />
    </nav>
  );
}
