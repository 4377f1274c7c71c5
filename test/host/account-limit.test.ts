import { afterEach, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/host-client';
import type { Project, SessionQueueState } from '../../electron/common/types';
import { agentPreset } from '../../electron/common/agents';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { accountOf, agentFamily } from '../../electron/daemon/agents/account';
import { fakeAgentPresetSpec, type AgentLogEntry } from '../helpers/fake-agent';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

const preset = (id: string) => agentPreset.parse(DEFAULT_PRESETS.find((p) => p.id === id));

describe('an account: the CLI and the folder its login lives in', () => {
  it('Claude Code: ~/.claude, or CLAUDE_CONFIG_DIR; the same home is the same account', () => {
    const claude = preset('claude');
    expect(accountOf(claude, { HOME: '/home/ann' })).toBe('claude@/home/ann/.claude');
    expect(accountOf(claude, { HOME: '/home/ann/' })).toBe(accountOf(claude, { HOME: '/home/ann', PATH: '/bin' }));
    expect(accountOf(claude, { HOME: '/home/ann', CLAUDE_CONFIG_DIR: '/srv/work-claude' })).toBe(
      'claude@/srv/work-claude',
    );
    expect(accountOf(claude, { HOME: '/home/ann' })).not.toBe(accountOf(claude, { HOME: '/home/bob' }));
  });

  it('Codex: CODEX_HOME (default ~/.codex); Gemini CLI: GEMINI_CLI_HOME in place of the home', () => {
    const codex = preset('codex');
    expect(accountOf(codex, { HOME: '/home/ann' })).toBe('codex@/home/ann/.codex');
    expect(accountOf(codex, { HOME: '/x', CODEX_HOME: '/home/ann/.codex' })).toBe('codex@/home/ann/.codex');
    const gemini = preset('gemini');
    expect(accountOf(gemini, { HOME: '/home/ann' })).toBe('gemini@/home/ann/.gemini');
    expect(accountOf(gemini, { HOME: '/home/ann', GEMINI_CLI_HOME: '/g' })).toBe('gemini@/g/.gemini');
    // One home, three vendors: three quotas.
    expect(new Set(['claude', 'codex', 'gemini'].map((id) => accountOf(preset(id), { HOME: '/h' }))).size).toBe(3);
  });

  it('the CLI by the preset’s id, else its program, else its hooks; a shell or an unknown agent has none', () => {
    const base = preset('claude');
    expect(agentFamily({ ...base, id: 'work-claude', command: 'node stand-in.mjs', hooks: 'none' })).toBe('claude');
    expect(agentFamily({ ...base, id: 'mine', command: '/opt/bin/codex --model o4', hooks: 'none' })).toBe('codex');
    expect(agentFamily({ ...base, id: 'mine', command: 'gemini-cli', hooks: 'none' })).toBe('gemini');
    expect(agentFamily({ ...base, id: 'mine', command: 'my-agent', hooks: 'codex' })).toBe('codex');
    expect(agentFamily({ ...base, id: 'claudette', command: 'my-agent', hooks: 'none' })).toBeNull();
    expect(accountOf(preset('aider'), { HOME: '/home/ann' })).toBeNull();
    expect(accountOf(preset('shell'), { HOME: '/home/ann' })).toBeNull();
    expect(accountOf(preset('claude'), {})).toBeNull(); // no home: nobody's login is known
  });

  it('a preset turns the shared hold off with sharedLimit (true unless it says so)', () => {
    expect(preset('claude').sharedLimit).toBe(true);
    const wrong = agentPreset.safeParse({ ...DEFAULT_PRESETS[1], sharedLimit: 'no' });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0].path).toEqual(['sharedLimit']);
    expect(wrong.error?.issues[0].message).toBe('must be true or false');
  });
});

// The stand-in prints "You've hit your session limit · resets 3am (Europe/London)" for a prompt
// with "[limit: resets 3am (Europe/London)]"; the host's clock is moved to just before that 3am.
const RESET = Date.UTC(2026, 10, 25, 3, 0);
const LIMIT_PROMPT = 'big refactor [limit: resets 3am (Europe/London)]';
const LIMIT_LINE = "⎿  You've hit your session limit · resets 3am (Europe/London)";
const MARGIN_MS = 300;
const STAGGER_MS = 2000;
/** How long before the reset the limit is hit: time to queue and check the others. */
const LEAD_MS = 6000;

describe('a usage limit holds every session of its account (stand-in agents, moved clock)', () => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.close();
    h = undefined;
    dirs.splice(0).forEach(removeDir);
  });

  /** Real time until `setLead`, then the clock reads LEAD_MS before the reset and runs on. */
  let offset = 0;
  const now = () => Date.now() + offset;
  const setLead = () => (offset = RESET - LEAD_MS - Date.now());

  async function setUp() {
    offset = 0;
    h = await startHost(tempDir(), { now, limitStaggerMs: STAGGER_MS });
    dirs.push(h.dataDir);
    const client = h.connect();
    const projectDir = tempDir('flotilla-account-');
    dirs.push(projectDir);
    const project = unwrap(await client.request('projects.add', { path: projectDir }));
    return { client, project };
  }

  async function startAgent(
    client: HostClient,
    project: Project,
    id: string,
    home: string,
    extra: { sharedLimit?: boolean } = {},
  ) {
    const spec = fakeAgentPresetSpec({ id, name: id, minMs: 200, maxMs: 300 });
    spec.preset.env = { ...spec.preset.env, HOME: home };
    spec.preset.limits = {
      patterns: ["You've hit your \\w+ limit"],
      continueText: 'continue please',
      marginMs: MARGIN_MS,
    };
    Object.assign(spec.preset, extra);
    const saved = unwrap(await client.request('presets.save', { preset: spec.preset }));
    const info = unwrap(
      await client.request('sessions.start', { projectId: project.id, presetId: saved.id, cols: 100, rows: 30 }),
    );
    await waitFor(() => h!.host.sessions.get(info.id)?.snapshotInfo().status === 'idle', `${id} idle`, 15_000);
    return { id: info.id, log: spec.log };
  }

  const queueOf = async (client: HostClient, id: string) =>
    unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === id) as SessionQueueState;
  const received = (log: () => AgentLogEntry[]) => log().filter((e) => e.event === 'received');
  const receivedTexts = (log: () => AgentLogEntry[]) => received(log).map((e) => e.text);
  const add = async (client: HostClient, id: string, text: string) =>
    unwrap(await client.request('queue.add', { sessionIds: [id], text }));

  it(
    'a limit in one Claude session holds the other on its home, not one on another home; both resume staggered, each prompt once',
    { timeout: 60_000 },
    async () => {
      const { client, project } = await setUp();
      const home = tempDir('flotilla-home-');
      const otherHome = tempDir('flotilla-home-');
      dirs.push(home, otherHome);
      const first = await startAgent(client, project, 'fake-claude-a', home);
      const second = await startAgent(client, project, 'fake-claude-b', home);
      const other = await startAgent(client, project, 'fake-claude-c', otherHome);

      setLead();
      await add(client, first.id, LIMIT_PROMPT);
      const limit = await waitFor(async () => (await queueOf(client, first.id)).limit, 'the limit seen', 5000);
      expect(limit).toEqual({ line: LIMIT_LINE, until: RESET });

      await add(client, second.id, 'task two');
      await add(client, other.id, 'task three');
      // Another account goes on…
      await waitFor(() => receivedTexts(other.log).includes('task three'), 'the other account’s prompt sent', 5000);
      // …this one holds, saying until when.
      const held = await queueOf(client, second.id);
      expect(held.limit).toEqual({ line: LIMIT_LINE, until: RESET });
      expect(held.items.find((i) => i.text === 'task two')?.state).toBe('queued');
      expect(receivedTexts(second.log)).toEqual([]);
      expect((await queueOf(client, other.id)).limit).toBeNull();

      await waitFor(() => receivedTexts(second.log).includes('task two'), 'the held session resumed', 20_000);
      await waitFor(async () => (await queueOf(client, second.id)).items.every((i) => i.state === 'sent'), 'all sent');
      expect((await queueOf(client, second.id)).limit).toBeNull();
      expect((await queueOf(client, first.id)).limit).toBeNull();

      // Every prompt reached its agent once: the limited one, its continue prompt, the held one.
      expect(receivedTexts(first.log)).toEqual([LIMIT_PROMPT, 'continue please']);
      expect(receivedTexts(second.log)).toEqual(['task two']);
      expect(receivedTexts(other.log)).toEqual(['task three']);
      // The session that met the limit first, the other one STAGGER_MS after (both lifts are
      // timers; each agent sees its prompt after its own paste, so a little slack for that).
      const resumedFirst = received(first.log).find((e) => e.text === 'continue please')!.t;
      const resumedSecond = received(second.log).find((e) => e.text === 'task two')!.t;
      expect(resumedSecond - resumedFirst).toBeGreaterThanOrEqual(STAGGER_MS - 400);
      // Not before the reset and the margin (the agent's time, read on the moved clock).
      expect(resumedFirst + offset).toBeGreaterThanOrEqual(RESET + MARGIN_MS);
    },
  );

  it('a session started on the account while it is held waits for the reset too', { timeout: 60_000 }, async () => {
    const { client, project } = await setUp();
    const home = tempDir('flotilla-home-');
    dirs.push(home);
    const first = await startAgent(client, project, 'fake-claude-a', home);
    setLead();
    await add(client, first.id, LIMIT_PROMPT);
    await waitFor(async () => (await queueOf(client, first.id)).limit, 'the limit seen', 5000);

    const late = await startAgent(client, project, 'fake-claude-b', home);
    await add(client, late.id, 'task two');
    expect((await queueOf(client, late.id)).limit).toEqual({ line: LIMIT_LINE, until: RESET });
    await waitFor(() => receivedTexts(late.log).includes('task two'), 'the late session resumed', 20_000);
    // After the session that met the limit, in its own slot.
    const resumedFirst = received(first.log).find((e) => e.text === 'continue please')!.t;
    const resumedLate = received(late.log).find((e) => e.text === 'task two')!.t;
    expect(resumedLate - resumedFirst).toBeGreaterThanOrEqual(STAGGER_MS - 400);
    expect(receivedTexts(late.log)).toEqual(['task two']);
  });

  it('a preset with sharedLimit: false is not held by its account’s limit', { timeout: 60_000 }, async () => {
    const { client, project } = await setUp();
    const home = tempDir('flotilla-home-');
    dirs.push(home);
    const refused = await client.request('presets.save', {
      preset: { ...fakeAgentPresetSpec({ id: 'fake-claude-x' }).preset, sharedLimit: 'no' },
    });
    expect(refused.ok ? null : refused.error.message).toBe(
      'The preset is not valid: sharedLimit must be true or false.',
    );
    const first = await startAgent(client, project, 'fake-claude-a', home);
    const alone = await startAgent(client, project, 'fake-claude-b', home, { sharedLimit: false });

    setLead();
    await add(client, first.id, LIMIT_PROMPT);
    await waitFor(async () => (await queueOf(client, first.id)).limit, 'the limit seen', 5000);
    await add(client, alone.id, 'task two');
    await waitFor(() => receivedTexts(alone.log).includes('task two'), 'its prompt sent', 5000);
    expect((await queueOf(client, alone.id)).limit).toBeNull();
    expect(receivedTexts(first.log)).toEqual([LIMIT_PROMPT]);
  });
});
