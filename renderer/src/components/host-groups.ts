import { hostOfId } from '../../../electron/common/remote-ids';

export interface HostGroup {
  /** null: this machine. */
  host: string | null;
  projectIds: string[];
}

/**
 * Projects by the machine they are on, each group keeping the given order: this machine first,
 * then each host in the daemon's order; a project of a host not (or no longer) listed still
 * shows, in a group of its own after them.
 */
export function groupProjectsByHost(projectIds: string[], hostNames: string[]): HostGroup[] {
  const groups = new Map<string | null, string[]>([[null, []], ...hostNames.map((n): [string, string[]] => [n, []])]);
  for (const id of projectIds) {
    const host = hostOfId(id);
    const group = groups.get(host);
    if (group) group.push(id);
    else groups.set(host, [id]);
  }
  return [...groups].map(([host, ids]) => ({ host, projectIds: ids }));
}
