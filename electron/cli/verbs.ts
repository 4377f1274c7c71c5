import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCommandLine } from '../common/command-line';
import { hostOfId } from '../common/remote-ids';
import type { SessionInfo, SessionStatus } from '../common/types';
import { CliError, EXIT } from './cli-error';
import type { Cli, CliContext } from './daemon-client';
import { resolveProject, resolveSession } from './targets';

import { table, type Output } from './table';
import { formatCost, formatTokens, totalTokens, type SessionUsage } from '../common/usage';

export type { Output };

const sessionJson = (s: SessionInfo, queued: number, usage: SessionUsage | undefined) => ({
  id: s.id,
  title: s.title,
  status: s.status,
  statusDetail: s.statusDetail,
  queued,
  presetId: s.presetId,
  pid: s.pid,
  argv: s.argv,
  /** Its agent's tokens and estimated cost (`flotilla usage`), null for a shell. */
  usage: usage ? { tokens: usage.tokens, costUsd: usage.costUsd, model: usage.model } : null,
});

/** "41k · $0.12" */
const usageText = (usage: ReturnType<typeof sessionJson>['usage']) =>
  usage
    ? `${formatTokens(totalTokens(usage.tokens))}${usage.costUsd === null ? '' : ` · ${formatCost(usage.costUsd)}`}`
    : '-';

export async function ls(cli: Cli): Promise<Output> {
  const [projects, sessions, queues, checks, usage] = await Promise.all([
    cli.call('projects.list', {}),
    cli.call('sessions.list', {}),
    cli.call('queue.list', {}),
    cli.call('checks.latest', {}),
    cli.call('usage.get', {}),
  ]);
  const usageOf = (id: string) => usage.sessions.find((u) => u.sessionId === id);
  const setups = await Promise.all(
    projects.map((p) => {
      if (!p.isGitRepo) return null;
      const setup = cli.call('checks.config', { projectId: p.id });
      // A host that is away has no answer now: its projects show without their check.
      return hostOfId(p.id) ? setup.catch(() => null) : setup;
    }),
  );
  const waits = (projectId: string) =>
    setups.some((s) => s?.projectId === projectId && (s.trust === 'proposed' || s.trust === 'changed'));
  const checkOf = (projectId: string) => checks.find((c) => c.projectId === projectId);
  const queued = (id: string) =>
    queues.find((q) => q.sessionId === id)?.items.filter((i) => i.state === 'queued').length ?? 0;
  const json = {
    projects: projects.map((p) => {
      const check = checkOf(p.id);
      return {
        id: p.id,
        name: p.name,
        /** The remote host it lives on (this machine's daemon links to it), or null. */
        host: hostOfId(p.id),
        path: p.path,
        check: check
          ? { state: check.state, commit: check.commit, subject: check.subject, failingLines: check.failingLines }
          : null,
        /** The check waits for the person to allow what it runs (`flotilla check PROJECT --allow`). */
        checkWaits: waits(p.id),
        sessions: sessions.filter((s) => s.projectId === p.id).map((s) => sessionJson(s, queued(s.id), usageOf(s.id))),
      };
    }),
  };
  if (!projects.length) return { text: 'No projects yet: `flotilla open PATH` adds one.', json };
  const rows = [['PROJECT', 'CHECK', 'SESSION', 'STATUS', 'QUEUED', 'USAGE', 'ID']];
  for (const p of json.projects) {
    const name = p.host ? `${p.host}:${p.name}` : p.name;
    const check = p.checkWaits ? 'waits for allow' : p.check ? `${p.check.state} ${p.check.commit.slice(0, 7)}` : '-';
    if (!p.sessions.length) rows.push([name, check, '-', '-', '-', '-', '-']);
    for (const s of p.sessions) rows.push([name, check, s.title, s.status, String(s.queued), usageText(s.usage), s.id]);
  }
  return { text: table(rows), json };
}

export async function open(cli: Cli, path: string): Promise<Output> {
  const project = await cli.call('projects.add', { path: resolve(path) });
  return { text: `Opened ${project.name} (${project.path})`, json: project };
}

export async function start(cli: Cli, target: string, agent: string | undefined, command: string[]): Promise<Output> {
  const project = await resolveProject(cli, target);
  const session = await cli.call('sessions.start', {
    projectId: project.id,
    presetId: agent,
    command: command.length ? formatCommandLine(command) : undefined,
  });
  if (session.error) throw new CliError(session.error, EXIT.failed, 'START_FAILED');
  return { text: `Started ${project.name}/${session.title} (${session.id})`, json: session };
}

/** The prompt from the argument, or all of stdin when there is none (or it is "-"). */
function promptText(prompt: string | undefined): string {
  if (prompt !== undefined && prompt !== '-') return prompt;
  if (process.stdin.isTTY) throw new CliError('No prompt: give it as an argument, or pipe it in.', EXIT.usage, 'USAGE');
  return readFileSync(0, 'utf8').replace(/\n$/, '');
}

export async function queue(cli: Cli, target: string, prompt: string | undefined): Promise<Output> {
  const session = await resolveSession(cli, target);
  const text = promptText(prompt);
  const [item] = await cli.call('queue.add', { sessionIds: [session.id], text });
  const q = (await cli.call('queue.list', {})).find((s) => s.sessionId === session.id);
  const position = (q?.items.filter((i) => i.state === 'queued').findIndex((i) => i.id === item.id) ?? -1) + 1;
  return {
    text: `Queued for ${session.title}${position > 0 ? ` (#${position} in its queue)` : ''}${q?.paused ? '; its queue is paused' : ''}`,
    json: { item, sessionId: session.id, position, paused: q?.paused ?? false },
  };
}

const WAITABLE = ['idle', 'needs-input'] as const;

export async function status(
  cli: Cli,
  target: string,
  wait: string | undefined,
  timeoutS: number | undefined,
): Promise<Output> {
  if (wait !== undefined && !WAITABLE.includes(wait as (typeof WAITABLE)[number]))
    throw new CliError(`--wait takes idle or needs-input, not "${wait}".`, EXIT.usage, 'USAGE');
  let session = await resolveSession(cli, target);
  if (wait && session.status !== wait) session = await waitFor(cli, session, wait as SessionStatus, timeoutS);
  const detail = session.statusDetail ? `: ${session.statusDetail}` : '';
  return {
    text: `${session.status}${detail}`,
    json: {
      id: session.id,
      title: session.title,
      status: session.status,
      statusDetail: session.statusDetail,
      statusSource: session.statusSource,
    },
  };
}

function waitFor(
  cli: Cli,
  session: SessionInfo,
  wanted: SessionStatus,
  timeoutS: number | undefined,
): Promise<SessionInfo> {
  return new Promise((resolvePromise, reject) => {
    const timer =
      timeoutS === undefined
        ? undefined
        : setTimeout(
            () =>
              reject(
                new CliError(
                  `${session.title} was not ${wanted} within ${timeoutS} s (it is ${current.status}).`,
                  EXIT.timeout,
                  'TIMEOUT',
                ),
              ),
            timeoutS * 1000,
          );
    let current = session;
    const done = (value: SessionInfo | CliError) => {
      clearTimeout(timer);
      off();
      offRemoved();
      return value instanceof CliError ? reject(value) : resolvePromise(value);
    };
    const off = cli.client.on('session.updated', (info) => {
      if (info.id !== session.id) return;
      current = info;
      if (info.status === wanted) done(info);
      else if (info.status === 'exited')
        done(new CliError(`${session.title} exited before it was ${wanted}.`, EXIT.failed, 'EXITED'));
    });
    const offRemoved = cli.client.on(
      'session.removed',
      ({ sessionId }) =>
        sessionId === session.id && done(new CliError(`${session.title} was closed.`, EXIT.failed, 'NOT_FOUND')),
    );
    // A change between the first look and the subscription would otherwise be missed.
    void cli.call('sessions.list', {}).then(
      (all) => {
        const now = all.find((s) => s.id === session.id);
        if (now?.status === wanted) done(now);
      },
      () => {},
    );
  });
}

export async function log(cli: Cli, target: string): Promise<Output> {
  const session = await resolveSession(cli, target);
  const lines = await cli.call('sessions.text', { sessionId: session.id });
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return { text: lines.join('\n'), json: { id: session.id, lines } };
}

export type { CliContext };
