import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { Project, SessionInfo } from '../../electron/common/types';
import { HookServer, type HookReport } from '../../electron/daemon/agents/hook-server';
import { hookArgs, statusFromHook } from '../../electron/daemon/agents/agent-hooks';
import { HOOK_TRUST_MS } from '../../electron/daemon/agents/status-tracker';
import { fakeAgentPreset } from '../helpers/fake-agent';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

/** Runs the hook reporter exactly as an agent's hook would: a process with the session's env. */
function runReporter(
  reporterPath: string,
  socketPath: string,
  token: string,
  event: string,
  stdin: string,
): Promise<number | null> {
  const child = spawn(process.execPath, [reporterPath, event], {
    env: { ...process.env, FLOTILLA_HOOK_SOCKET: socketPath, FLOTILLA_HOOK_TOKEN: token },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('exit', resolve));
}
const report = (server: HookServer, token: string, event: string, stdin: string) =>
  runReporter(server.reporterPath, server.socketPath, token, event, stdin);

describe('hook server', () => {
  it('takes reports with a session token and drops the rest', async () => {
    const server = new HookServer();
    const got: HookReport[] = [];
    const reg = server.register((r) => got.push(r));
    // A reporter exits only once the server has read its report and closed the socket.
    await report(server, reg.token, 'Stop', '{"hook_event_name":"Stop"}');
    await report(server, 'not-the-token', 'UserPromptSubmit', '{}');
    expect(got).toEqual([{ event: 'Stop', payload: { hook_event_name: 'Stop' } }]);
    reg.dispose();
    await report(server, reg.token, 'Stop', '{}');
    expect(got).toHaveLength(1);
    server.dispose();
  });

  it('maps agent events to states, ignoring what is not the main agent', () => {
    expect(statusFromHook({ event: 'UserPromptSubmit', payload: {} })).toBe('busy');
    expect(statusFromHook({ event: 'Stop', payload: {} })).toBe('idle');
    expect(
      statusFromHook({ event: 'Notification', payload: { message: 'Claude needs your permission to use Bash' } }),
    ).toBe('needs-input');
    expect(statusFromHook({ event: 'SubagentStop', payload: {} })).toBeNull();
    expect(statusFromHook({ event: 'codex-notify', payload: { type: 'agent-turn-complete' } })).toBe('idle');
  });

  it('passes hooks per session on the command line, never in the global config', () => {
    const args = hookArgs({ hooks: 'claude' } as never, '/tmp/x/report.cjs');
    expect(args[0]).toBe('--settings');
    const settings = JSON.parse(args[1]);
    expect(Object.keys(settings.hooks)).toEqual(expect.arrayContaining(['UserPromptSubmit', 'Stop', 'Notification']));
    expect(hookArgs({ hooks: 'codex' } as never, '/tmp/x/report.cjs')[1]).toMatch(/^notify=\[/);
  });
});

describe('hooks from a running agent', () => {
  let h: Harness;
  let client: HostClient;
  let project: Project;
  beforeEach(async () => {
    h = await startHost();
    client = h.connect();
    project = unwrap(await client.request('projects.add', { path: tempDir() }));
  });
  afterEach(async () => {
    await h.close();
    removeDir(project.path);
    removeDir(h.dataDir);
  });

  const info = async (id: string) =>
    unwrap(await client.request('sessions.list', {})).find((s) => s.id === id) as SessionInfo;

  it('status comes from the agent’s own hooks, and a permission notification means needs-input', async () => {
    const agent = await fakeAgentPreset(client, { hooks: true, minMs: 800, maxMs: 900 });
    const s = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id }));
    await waitFor(async () => (await info(s.id)).status === 'idle', 'idle');
    const seen: Array<[string, string | null]> = [];
    client.on('session.updated', (u) => u.id === s.id && seen.push([u.status, u.statusSource]));
    unwrap(await client.request('queue.add', { sessionIds: [s.id], text: 'go' }));
    await waitFor(() => seen.some(([st, src]) => st === 'busy' && src === 'hooks'), 'busy from hooks', 10_000);
    await waitFor(() => seen.some(([st, src]) => st === 'idle' && src === 'hooks'), 'idle from the Stop hook', 10_000);
    unwrap(await client.request('queue.add', { sessionIds: [s.id], text: '[permission] rm -rf build' }));
    await waitFor(async () => (await info(s.id)).status === 'needs-input', 'needs-input', 10_000);
    // What it asks travels with the state (the hook's message here), for notifications.
    expect((await info(s.id)).statusDetail).toBe('Claude needs your permission to use Bash');
  });

  it('a hook that contradicts the screen for long is corrected from the screen', { timeout: 20_000 }, async () => {
    const agent = await fakeAgentPreset(client, { hooks: true });
    const s = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id }));
    await waitFor(async () => (await info(s.id)).status === 'idle', 'idle');
    // A stray "busy" report with this session's real token (read from the agent's environment).
    const env = readFileSync(`/proc/${(await info(s.id)).pid}/environ`, 'utf8').split('\0');
    const value = (k: string) => env.find((e) => e.startsWith(`${k}=`))!.slice(k.length + 1);
    const socket = value('FLOTILLA_HOOK_SOCKET');
    expect(
      await runReporter(
        socket.replace('hooks.sock', 'report.cjs'),
        socket,
        value('FLOTILLA_HOOK_TOKEN'),
        'PreToolUse',
        '{}',
      ),
    ).toBe(0);
    await waitFor(async () => (await info(s.id)).status === 'busy', 'busy from the stray hook');
    const t0 = Date.now();
    await waitFor(async () => (await info(s.id)).status === 'idle', 'corrected to idle', HOOK_TRUST_MS + 5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(HOOK_TRUST_MS - 500);
    expect((await info(s.id)).statusSource).toBe('screen');
  });

  it('hook settings go only to the preset’s own program: a command typed under it runs exactly as typed', async () => {
    const agent = await fakeAgentPreset(client, { hooks: true });
    const own = unwrap(await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id }));
    expect(own.launched).toContain('--settings');
    const typed = `bash --noprofile --norc -c 'echo "args:$#:$*"; sleep 30'`;
    const custom = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: agent.preset.id, command: typed }),
    );
    expect(custom.launched?.slice(1)).toEqual(['--noprofile', '--norc', '-c', 'echo "args:$#:$*"; sleep 30']);
    await waitFor(
      () =>
        h.host.sessions
          .get(custom.id)
          ?.screenText()
          .some((l) => l.includes('args:0:')),
      'bash ran with only what was typed',
    );
    // The built-in Claude preset with `bash` typed: no --settings appended (bash would exit on it).
    const claude = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: 'claude', command: typed }),
    );
    expect(claude.launched).not.toContain('--settings');
    await waitFor(
      () =>
        h.host.sessions
          .get(claude.id)
          ?.screenText()
          .some((l) => l.includes('args:0:')),
      'bash under the Claude preset',
    );
  });
});
