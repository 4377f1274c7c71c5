import { HostHeading } from './HostHeading';
import type { HostGroup } from './host-groups';
import { ProjectItem } from './ProjectItem';

/** The projects of one machine (this one, or a host), under its name, in the project list. */
export function HostGroupItem({ host, projectIds }: HostGroup) {
  return (
    <li className="host-group" aria-label={host ?? 'This machine'}>
      {host ? <HostHeading name={host} /> : <h2 className="host-name">This machine</h2>}
      <ul className="projects" aria-label={`Projects on ${host ?? 'this machine'}`}>
        {projectIds.map((id) => (
          <ProjectItem key={id} projectId={id} />
        ))}
      </ul>
      {projectIds.length === 0 && <p className="empty">No projects here yet.</p>}
    </li>
  );
}
