import { resolve } from 'node:path';
import { hostOfId } from '../common/remote-ids';
import type { Project, SessionInfo } from '../common/types';
import { CliError } from './cli-error';
import type { Cli } from './daemon-client';

const label = (s: SessionInfo, projects: Project[]) =>
  `${projects.find((p) => p.id === s.projectId)?.name ?? '?'}/${s.title}`;

function one(target: string, found: SessionInfo[], projects: Project[]): SessionInfo | null {
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const names = found.map((s) => `${label(s, projects)} (${s.id.slice(0, 8)})`).join(', ');
    throw new CliError(
      `"${target}" matches ${found.length} sessions: ${names}. Name one by its id or as project/title.`,
      1,
      'AMBIGUOUS',
    );
  }
  return null;
}

/**
 * A session named the ways a person would: its id (or the start of it, 6+ characters), its title,
 * project/title, or the name of a project that has exactly one session.
 */
export async function resolveSession(cli: Cli, target: string): Promise<SessionInfo> {
  const [listed, projects] = await Promise.all([cli.call('sessions.list', {}), cli.call('projects.list', {})]);
  const byId = listed.find((s) => s.id === target);
  if (byId) return byId;
  // Names mean this machine's sessions; a host's are named `devbox:project/title` (its own link).
  const sessions = listed.filter((s) => !hostOfId(s.id));
  const found =
    one(
      target,
      sessions.filter((s) => label(s, projects) === target),
      projects,
    ) ??
    one(
      target,
      sessions.filter((s) => s.title === target),
      projects,
    ) ??
    one(
      target,
      sessions.filter((s) => projects.find((p) => p.id === s.projectId)?.name === target),
      projects,
    ) ??
    (target.length >= 6
      ? one(
          target,
          sessions.filter((s) => s.id.startsWith(target)),
          projects,
        )
      : null);
  if (!found) throw new CliError(`No session "${target}". \`flotilla ls\` lists them.`, 1, 'NOT_FOUND');
  return found;
}

/** A project by id, name, or folder (a folder not open yet is opened). */
export async function resolveProject(cli: Cli, target: string, cwd = process.cwd()): Promise<Project> {
  const projects = await cli.call('projects.list', {});
  const named = projects.filter((p) => p.id === target || (p.name === target && !hostOfId(p.id)));
  if (named.length === 1) return named[0];
  const path = resolve(cwd, target);
  const atPath = projects.find((p) => p.path === path);
  if (atPath) return atPath;
  if (named.length > 1)
    throw new CliError(
      `"${target}" names ${named.length} projects: ${named.map((p) => p.path).join(', ')}. Give its folder instead.`,
      1,
      'AMBIGUOUS',
    );
  if (target.includes('/') || target.startsWith('.')) return cli.call('projects.add', { path });
  throw new CliError(
    `No project "${target}". \`flotilla ls\` lists them; \`flotilla open PATH\` adds one.`,
    1,
    'NOT_FOUND',
  );
}
