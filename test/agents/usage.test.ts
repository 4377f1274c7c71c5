import { afterAll, describe, expect, it } from 'vitest';
import type { AgentPresetInput } from '../../electron/common/agents';
import { addTokens, NO_TOKENS, type TokenCounts } from '../../electron/common/usage';
import { makeRepo, removeDir, tempDir, unwrap, waitFor } from '../helpers/host-harness';
import {
  realAgentsReady,
  startRealAgent,
  turnRequests,
  useRealAgentHost,
  type ModelRequest,
  type RealAgent,
} from '../helpers/real-agents';

const ready = realAgentsReady();

type Json = Record<string, unknown>;
const dataLines = (response: string): Json[] =>
  response
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .flatMap((l) => {
      try {
        return [JSON.parse(l.slice(6)) as Json];
      } catch {
        return [];
      }
    });
const n = (v: unknown) => (typeof v === 'number' ? v : 0);

/** The usage the stub reported in one answer, in Flotilla's terms (input without cache). */
function stubUsage(agent: RealAgent, request: ModelRequest): TokenCounts | null {
  const events = dataLines(request.response);
  if (agent === 'claude') {
    const start = (events.find((e) => e.type === 'message_start')?.message as Json | undefined)?.usage as Json;
    const end = events.findLast((e) => e.type === 'message_delta')?.usage as Json | undefined;
    if (!start || !end) return null;
    return {
      input: n(start.input_tokens),
      output: n(end.output_tokens),
      cacheRead: n(start.cache_read_input_tokens),
      cacheWrite: n(start.cache_creation_input_tokens),
    };
  }
  if (agent === 'codex') {
    const usage = (events.find((e) => e.type === 'response.completed')?.response as Json | undefined)?.usage as Json;
    if (!usage) return null;
    const cached = n((usage.input_tokens_details as Json | undefined)?.cached_tokens);
    return { input: n(usage.input_tokens) - cached, output: n(usage.output_tokens), cacheRead: cached, cacheWrite: 0 };
  }
  const usage = events.findLast((e) => e.usageMetadata)?.usageMetadata as Json | undefined;
  if (!usage) return null;
  const cached = n(usage.cachedContentTokenCount);
  return {
    input: n(usage.promptTokenCount) - cached,
    output: n(usage.candidatesTokenCount) + n(usage.thoughtsTokenCount),
    cacheRead: cached,
    cacheWrite: 0,
  };
}

/**
 * What the agent's own conversation spent: its turns' requests (those that offer tools), not
 * titles (Codex asks for one with a JSON schema, tools and all) or Gemini's routing.
 */
const turnsUsage = (agent: RealAgent, requests: ModelRequest[], since: number) =>
  requests
    .filter(
      (r) => r.startedAt >= since && /"tools"\s*:\s*\[\s*\{/.test(r.body) && !/"type"\s*:\s*"json_schema"/.test(r.body),
    )
    .map((r) => stubUsage(agent, r))
    .filter((u): u is TokenCounts => u !== null)
    .reduce(addTokens, NO_TOKENS);

/**
 * The real CLIs against the stub: each session's tokens are what the stub reported for its turns
 * (read from the CLI's own transcript, rollout or chat file); the account's windows follow the
 * stub's `quota` (Claude Code with a claude.ai login, through its status line; Codex, through its
 * rollout); Gemini CLI reports none and the meter says so.
 */
describe.skipIf(!ready.ok)(`usage with the real CLIs${ready.ok ? '' : ` (${ready.reason})`}`, () => {
  const env = useRealAgentHost();
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  async function run(
    agent: RealAgent,
    extraEnv: Record<string, string> = {},
    tweak: (spec: AgentPresetInput) => void = () => {},
  ) {
    const { client, stub } = env;
    const home = tempDir(`flotilla-${agent}-home-`);
    const repo = makeRepo();
    dirs.push(home, repo);
    const since = Date.now();
    const onHome = (spec: AgentPresetInput) => {
      spec.env = { ...spec.env, AGENT_HOME: home, HOME: home, ...extraEnv };
      tweak(spec);
    };
    const started = await startRealAgent(client, stub, agent, repo, onHome);
    const account = `${agent}@${home}/.${agent}`;
    const meter = async () => unwrap(await client.request('usage.get', {})).accounts.find((a) => a.id === account);
    const usage = async () =>
      unwrap(await client.request('usage.get', {})).sessions.find((s) => s.sessionId === started.session.id);
    const turn = async (text: string) => {
      const asked = Date.now();
      unwrap(await client.request('queue.add', { sessionIds: [started.session.id], text }));
      // Sent means pasted; the answer's end at the model is the turn done (this turn's: another
      // test's agent may have been asked the same before).
      await waitFor(
        () => turnRequests(stub, [text], text).some((r) => r.startedAt >= asked && r.endedAt),
        `${agent}: "${text}" answered`,
        60_000,
      );
      await started.statusIs('idle', `${agent}: idle after "${text}"`);
    };
    return { ...started, account, meter, usage, turn, since, stub };
  }

  async function tokensMatch(agent: RealAgent, s: Awaited<ReturnType<typeof run>>) {
    const expected = turnsUsage(agent, s.stub.requests, s.since);
    expect(expected.output).toBeGreaterThan(0);
    // The agent writes its record after the answer: wait for it to add up, then compare exactly.
    const got = await waitFor(
      async () => {
        const u = await s.usage();
        return u && u.tokens.output >= expected.output ? u : undefined;
      },
      `${agent}: its record read`,
      20_000,
    ).catch(async () => s.usage());
    expect(got?.tokens).toEqual(expected);
    return got!;
  }

  it(
    'Claude Code (claude.ai login): tokens as the stub reported them; the meter follows its quota',
    { timeout: 240_000 },
    async () => {
      const s = await run('claude', { CLAUDE_AUTH: 'oauth' });
      await s.turn('quota 5h=42 week=10');
      const first = await waitFor(async () => (await s.meter())?.fiveHour, 'claude: the 5-hour window', 20_000);
      expect(first!.usedPercent).toBe(42);
      expect((await s.meter())!.weekly!.usedPercent).toBe(10);
      await s.turn(`say hello from claude ${Date.now()}`);
      await s.turn('quota 5h=57 week=12');
      await waitFor(async () => (await s.meter())?.fiveHour?.usedPercent === 57, 'claude: the meter follows', 20_000);
      const usage = await tokensMatch('claude', s);
      expect(usage.model).toBe('claude-sonnet-4-5');
      expect(usage.costUsd).toBeGreaterThan(0);
      expect(usage.source).toMatch(/\/\.claude\/projects\/.+\.jsonl$/);
    },
  );

  it('Codex: tokens and both windows from its rollout, following the quota', { timeout: 240_000 }, async () => {
    const s = await run('codex');
    await s.turn('quota 5h=42 week=10');
    const first = await waitFor(async () => (await s.meter())?.fiveHour, 'codex: the 5-hour window', 20_000);
    expect(first!.usedPercent).toBe(42);
    expect((await s.meter())!.weekly!.usedPercent).toBe(10);
    await s.turn('quota 5h=57 week=12');
    await waitFor(async () => (await s.meter())?.fiveHour?.usedPercent === 57, 'codex: the meter follows', 20_000);
    const usage = await tokensMatch('codex', s);
    expect(usage.source).toMatch(/\/\.codex\/sessions\/.+rollout-.+\.jsonl$/);
  });

  it(
    'Codex: the limit its rollout records holds the queue with no screen pattern at all; it goes on after the reset',
    { timeout: 240_000 },
    async () => {
      const tag = Date.now().toString(36);
      const continueText = `say resumed-${tag}`;
      const s = await run('codex', {}, (spec) => {
        spec.limits = { patterns: [], continueText };
      });
      const after = `say after-${tag}`;
      // A turn first: Codex names its conversation (the rollout) when a turn completes.
      await s.turn(`say before-${tag}`);
      unwrap(await env.client.request('queue.add', { sessionIds: [s.session.id], text: 'limit 20' }));
      const limit = await waitFor(async () => (await s.queue()).limit, 'codex: the recorded limit holds', 60_000);
      expect(limit!.line).toMatch(/^You’ve hit your usage limit\. .*try again at \d{1,2}:\d\d [AP]M\.$/);
      unwrap(await env.client.request('queue.add', { sessionIds: [s.session.id], text: after }));
      const prompts = [continueText, after];
      await waitFor(
        () => turnRequests(s.stub, prompts, after).some((r) => r.endedAt),
        'codex: the queue went on after the reset',
        180_000,
      );
      expect(turnRequests(s.stub, prompts, continueText).length).toBeGreaterThan(0);
      // Nothing was sent while held: the continue prompt and the next one only after the reset.
      const firstAfter = Math.min(...turnRequests(s.stub, prompts, continueText).map((r) => r.startedAt));
      expect(firstAfter).toBeGreaterThanOrEqual(limit!.until);
    },
  );

  it('Gemini CLI: tokens from its chat file; no quota, and the meter says so', { timeout: 240_000 }, async () => {
    const s = await run('gemini');
    await s.turn(`say hello from gemini ${Date.now()}`);
    const usage = await tokensMatch('gemini', s);
    expect(usage.source).toMatch(/\/\.gemini\/tmp\/.+\/chats\/session-.+\.jsonl$/);
    const meter = (await s.meter())!;
    expect(meter.fiveHour).toBeNull();
    expect(meter.windowsNote).toMatch(/Gemini CLI writes no quota/);
  });
});
