import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { HostEvents } from '../../electron/common/protocol';
import type { SessionQueueState } from '../../electron/common/types';
import type { AccountUsage } from '../../electron/common/usage';
import { fakeAgentPreset, type AgentLogEntry } from '../helpers/fake-agent';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

/** Claude Code's list price of claude-sonnet-4-5, USD per token: what the stand-in's answers cost. */
const SONNET = { input: 3e-6, output: 15e-6, cacheRead: 0.3e-6 };

describe('usage: tokens and cost per session, quota windows per account (the stand-in agent)', () => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.close();
    h = undefined;
    dirs.splice(0).forEach(removeDir);
  });

  /** A host and a stand-in Claude Code on a home of its own; `settings`: that home's settings.json. */
  async function setUp(settings?: object) {
    h = await startHost(tempDir());
    dirs.push(h.dataDir);
    const client = h.connect();
    const projectDir = tempDir('flotilla-usage-');
    const claudeHome = tempDir('flotilla-claude-home-');
    dirs.push(projectDir, claudeHome);
    if (settings) writeFileSync(join(claudeHome, 'settings.json'), JSON.stringify(settings));
    const project = unwrap(await client.request('projects.add', { path: projectDir }));
    const { preset, log } = await fakeAgentPreset(client, { hooks: true, claudeHome, minMs: 100, maxMs: 200 });
    const session = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: preset.id, cols: 100, rows: 30 }),
    );
    await waitFor(() => h!.host.sessions.get(session.id)?.snapshotInfo().status === 'idle', 'the agent idle', 15_000);
    return { client, session, claudeHome, log, account: `claude@${claudeHome}` };
  }

  const accountOf = async (client: HostClient, id: string) =>
    unwrap(await client.request('usage.get', {})).accounts.find((a) => a.id === id);
  const queueOf = async (client: HostClient, id: string) =>
    unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === id) as SessionQueueState;
  const received = (log: () => AgentLogEntry[]) =>
    log()
      .filter((e) => e.event === 'received')
      .map((e) => e.text);

  it('reads the transcript the hooks point to: tokens and cost match what the agent recorded', async () => {
    const { client, session, claudeHome, account } = await setUp();
    const prompts = ['hello there', 'and a second, longer prompt'];
    for (const text of prompts) unwrap(await client.request('queue.add', { sessionIds: [session.id], text }));
    const usage = await waitFor(async () => {
      const u = unwrap(await client.request('usage.get', {})).sessions.find((s) => s.sessionId === session.id);
      return u && u.tokens.output === 20 ? u : undefined;
    }, 'both answers counted');
    const input = prompts.join('').length;
    expect(usage.tokens).toEqual({ input, output: 20, cacheRead: 2000, cacheWrite: 0 });
    expect(usage.model).toBe('claude-sonnet-4-5');
    expect(usage.account).toBe(account);
    expect(usage.costUsd).toBeCloseTo(input * SONNET.input + 20 * SONNET.output + 2000 * SONNET.cacheRead, 10);
    expect(usage.unpriced).toEqual([]);
    // The file the counts came from is the transcript where Claude Code keeps it.
    const projects = join(claudeHome, 'projects');
    const [folder] = readdirSync(projects);
    expect(usage.source).toBe(join(projects, folder, readdirSync(join(projects, folder))[0]));
    expect(readFileSync(usage.source!, 'utf8').trim().split('\n')).toHaveLength(2);

    const meter = (await accountOf(client, account))!;
    expect(meter.label).toBe(`Claude Code · ${claudeHome}`);
    expect(meter.sessionIds).toEqual([session.id]);
    expect(meter.tokens).toEqual(usage.tokens);
    // No status line reading yet: the window says why there is none.
    expect(meter.fiveHour).toBeNull();
    expect(meter.windowsNote).toMatch(/claude\.ai login/);
  });

  it('the status line’s quota windows reach the account’s meter, and follow new readings', async () => {
    const { client, session, account } = await setUp();
    const events: HostEvents['usage.changed'][] = [];
    client.on('usage.changed', (p) => events.push(p));
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'one [quota 5h=42 week=10]' }));
    const first = await waitFor(async () => (await accountOf(client, account))?.fiveHour, 'the 5-hour window');
    expect(first!.usedPercent).toBe(42);
    expect(first!.resetsAt! - Date.now()).toBeGreaterThan(1.9 * 3_600_000);
    expect((await accountOf(client, account))!.weekly!.usedPercent).toBe(10);
    expect((await accountOf(client, account))!.windowsNote).toBeNull();

    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'two [quota 5h=55 week=11]' }));
    const moved = await waitFor(async () => {
      const a = await accountOf(client, account);
      return a?.fiveHour?.usedPercent === 55 ? a : undefined;
    }, 'the meter follows');
    expect(moved.weekly!.usedPercent).toBe(11);
    expect(moved.history.map(([, pct]) => pct).at(-1)).toBe(55);
    // Clients hear it without asking.
    await waitFor(
      () => events.some((e) => e.accounts.some((a) => a.id === account && a.fiveHour?.usedPercent === 55)),
      'the change told',
    );
  });

  it('a threshold pauses the account’s queue once and says so; lifting it resumes, every prompt sent once', async () => {
    const { client, session, account, log } = await setUp();
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'one [quota 5h=42 week=10]' }));
    await waitFor(async () => (await accountOf(client, account))?.fiveHour, 'a reading');
    const refused = await client.request('usage.pauseAt', { account: 'claude@/nobody', percent: 50 });
    expect(refused.ok ? null : refused.error.code).toBe('NOT_FOUND');
    const invalid = await client.request('usage.pauseAt', { account, percent: 150 } as never);
    expect(invalid.ok ? null : invalid.error.code).toBe('BAD_REQUEST');
    unwrap(await client.request('usage.pauseAt', { account, percent: 50 }));
    expect((await accountOf(client, account))!.pauseAt).toBe(50);
    // 42 % is under it: nothing paused.
    expect((await queueOf(client, session.id)).paused).toBe(false);

    const paused: HostEvents['usage.paused'][] = [];
    client.on('usage.paused', (p) => paused.push(p));
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'two [quota 5h=55 week=11]' }));
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'three' }));
    const queue = await waitFor(async () => {
      const q = await queueOf(client, session.id);
      return q.paused ? q : undefined;
    }, 'the queue paused');
    expect(queue.pauseReason).toMatch(/^Usage threshold: 55 % of the 5-hour window is used \(pause at 50 %\)/);
    expect(queue.items.find((i) => i.text === 'three')?.state).toBe('queued');
    expect(paused).toEqual([{ account, label: `Claude Code · ${account.slice(7)}`, usedPercent: 55, pauseAt: 50 }]);
    expect((await accountOf(client, account))!.paused).toBe(true);

    unwrap(await client.request('usage.pauseAt', { account, percent: null }));
    await waitFor(async () => received(log).includes('three'), 'the held prompt sent');
    expect(received(log)).toEqual(['one [quota 5h=42 week=10]', 'two [quota 5h=55 week=11]', 'three']);
    expect((await accountOf(client, account))!.paused).toBe(false);
  });

  it('keeps readings across a host restart (the plot and the threshold are the person’s)', async () => {
    const { client, session, account } = await setUp();
    unwrap(await client.request('queue.add', { sessionIds: [session.id], text: 'one [quota 5h=42 week=10]' }));
    await waitFor(async () => (await accountOf(client, account))?.fiveHour, 'a reading');
    unwrap(await client.request('usage.pauseAt', { account, percent: 80 }));
    const dataDir = h!.dataDir;
    await h!.close();
    h = await startHost(dataDir);
    const again = h.connect();
    const meter = (await waitFor(() => accountOf(again, account), 'the account listed')) as AccountUsage;
    expect(meter.fiveHour?.usedPercent).toBe(42);
    expect(meter.pauseAt).toBe(80);
    expect(meter.history.map(([, pct]) => pct)).toEqual([42]);
  });

  it('a person’s own Claude Code status line is left alone, and the meter says why it has no windows', async () => {
    const { client, session, account } = await setUp({ statusLine: { type: 'command', command: 'x' } });
    const launched = h!.host.sessions.get(session.id)!.snapshotInfo().launched!;
    const settings = JSON.parse(launched[launched.indexOf('--settings') + 1]);
    expect(settings.statusLine).toBeUndefined();
    expect(settings.hooks.Stop).toBeDefined();
    const meter = await waitFor(() => accountOf(client, account), 'the account listed');
    expect(meter.windowsNote).toMatch(/own Claude Code status line/);
  });
});
