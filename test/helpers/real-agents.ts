import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { AgentPresetInput } from '../../electron/common/agents';
import type { HostClient } from '../../electron/common/host-client';
import type { SessionStatus } from '../../electron/common/types';
import { DEFAULT_PRESETS } from '../../electron/daemon/agents/default-presets';
import { removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from './host-harness';

/**
 * The real agent CLIs beside the project (../shared/real-agents: Claude Code, Codex CLI, Gemini
 * CLI pinned, and stub.mjs, the local model they talk to). Not part of the project: installed
 * there on demand, or the tests that need it skip with the reason.
 */
export const REAL_AGENTS = process.env.FLOTILLA_REAL_AGENTS ?? join(__dirname, '../../../shared/real-agents');
export type RealAgent = 'claude' | 'codex' | 'gemini';
export const REAL_AGENT_NAMES: RealAgent[] = ['claude', 'codex', 'gemini'];

let ready: { ok: true } | { ok: false; reason: string } | undefined;

/** Installs the CLIs once (npm ci there, about a minute) if they are not; or says why not. */
export function realAgentsReady(): { ok: true } | { ok: false; reason: string } {
  if (ready) return ready;
  if (!existsSync(join(REAL_AGENTS, 'stub.mjs')))
    return (ready = { ok: false, reason: `no real agents at ${REAL_AGENTS}` });
  const bins = REAL_AGENT_NAMES.map((a) => join(REAL_AGENTS, 'node_modules', '.bin', a));
  if (!bins.every(existsSync)) {
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: REAL_AGENTS,
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (install.status !== 0 || !bins.every(existsSync)) {
      return (ready = {
        ok: false,
        reason: `npm ci in ${REAL_AGENTS} failed: ${(install.stderr || install.error?.message || '').trim().split('\n').slice(-2).join(' ')}`,
      });
    }
  }
  return (ready = { ok: true });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** One model request as the agent sent it, and when its answer ended. */
export interface ModelRequest {
  path: string;
  body: string;
  startedAt: number;
  endedAt: number | null;
  /** The answer as the stub sent it (SSE or JSON): the usage figures it reported. */
  response: string;
}

export interface Stub {
  /** What the agents are pointed at: a recording proxy in front of the stub. */
  url: string;
  requests: ModelRequest[];
  stop(): Promise<void>;
}

/**
 * The stub model on a free loopback port, behind a proxy that records when each request
 * arrived and when its (streamed) answer ended: the times a turn ends and the next prompt
 * reaches the model.
 */
export async function startStub(): Promise<Stub> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REAL_AGENTS, 'stub.mjs'), '--port', String(port), '--log', tempDir('flotilla-stub-log-')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('stub listening') && resolve());
    child.once('exit', (code) => reject(new Error(`stub exited with ${code}`)));
  });
  const requests: ModelRequest[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: ModelRequest = {
        path: req.url ?? '',
        body: body.toString('utf8'),
        startedAt: Date.now(),
        endedAt: null,
        response: '',
      };
      requests.push(record);
      const upstream = request(
        {
          host: '127.0.0.1',
          port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: `127.0.0.1:${port}` },
        },
        (up: IncomingMessage) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          const answer: Buffer[] = [];
          up.on('data', (c: Buffer) => {
            answer.push(c);
            res.write(c);
          });
          up.on('end', () => {
            record.endedAt = Date.now();
            record.response = Buffer.concat(answer).toString('utf8');
            res.end();
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    requests,
    async stop() {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      child.kill('SIGTERM');
    },
  };
}

/**
 * A preset that runs a real CLI through its start script (temp HOME, stub URL), with the
 * built-in preset's signatures and hooks: the script is the program, so hooks go to it.
 */
export function realAgentPreset(
  agent: RealAgent,
  workdir: string,
  stubUrl: string,
  env: Record<string, string> = {},
): AgentPresetInput {
  const base = DEFAULT_PRESETS.find((p) => p.id === agent)!;
  return {
    ...base,
    id: `real-${agent}`,
    name: `Real ${agent}`,
    command: `${join(REAL_AGENTS, `run-${agent}.sh`)} ${workdir}`,
    // A session is a person's terminal: under CI=true (as CI runs these tests) Gemini CLI would
    // switch to its non-interactive mode.
    env: { STUB_URL: stubUrl, AGENT_HOME: tempDir(`flotilla-${agent}-home-`), CI: '0', ...env },
  };
}

/** Main requests (those that offer tools: the turn itself, not titles or routing) whose newest prompt is `prompt`. */
export function turnRequests(stub: Stub, prompts: string[], prompt: string): ModelRequest[] {
  return stub.requests.filter((r) => /"tools"\s*:\s*\[\s*\{/.test(r.body) && newestPrompt(r.body, prompts) === prompt);
}

function newestPrompt(body: string, prompts: string[]): string | null {
  let best: string | null = null;
  let at = -1;
  for (const p of prompts) {
    const i = body.lastIndexOf(p);
    if (i > at) [best, at] = [p, i];
  }
  return best;
}

/**
 * Codex writes every prompt to its `history.jsonl` as it is submitted, before the conversation's
 * own file has it: a prompt there is not a saved conversation (a host stopped then left Codex
 * nothing to resume, now and then).
 */
const PROMPT_HISTORY = 'history.jsonl';

/** Codex's state databases: they hold a prompt before its rollout (the conversation) does. */
const STATE_DB = /\.sqlite(-wal|-shm|-journal)?$/;

/**
 * Whether a conversation file under `dir` (an agent's home: where it writes its conversations)
 * holds `text`; with `named`, only a file whose name holds it (the conversation's own id). Codex
 * writes a prompt into history.jsonl and its sqlite state (their WAL files) before the rollout
 * that `codex resume` reads: a host stopped on those signals left Codex nothing to resume.
 */
export function holds(dir: string, text: string, named?: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name === PROMPT_HISTORY || STATE_DB.test(entry.name)) continue;
    if (named && !entry.name.includes(named)) continue;
    try {
      if (readFileSync(join(entry.parentPath, entry.name), 'utf8').includes(text)) return true;
    } catch {
      // A file that went away between the listing and the read.
    }
  }
  return false;
}

/** A host, a client and the stub for one describe block: started before its tests, ended after. */
export function useRealAgentHost(): { readonly h: Harness; readonly client: HostClient; readonly stub: Stub } {
  const ctx = {} as { h: Harness; client: HostClient; stub: Stub };
  beforeAll(async () => {
    ctx.stub = await startStub();
    ctx.h = await startHost();
    ctx.client = ctx.h.connect();
  });
  afterAll(async () => {
    await ctx.h?.close();
    if (ctx.h) removeDir(ctx.h.dataDir);
    await ctx.stub?.stop();
  });
  return ctx;
}

let presetCount = 0;

/**
 * A real agent started in `repo` at 160×45 (as the CLIs were recorded), once it is idle; `tweak`
 * changes its preset (timings, environment) first.
 */
export async function startRealAgent(
  client: HostClient,
  stub: Stub,
  agent: RealAgent,
  repo: string,
  tweak: (preset: AgentPresetInput) => void = () => {},
) {
  const spec = { ...realAgentPreset(agent, repo, stub.url), id: `real-${agent}-${++presetCount}` };
  tweak(spec);
  const preset = unwrap(await client.request('presets.save', { preset: spec }));
  const project = unwrap(await client.request('projects.add', { path: repo }));
  const session = unwrap(
    await client.request('sessions.start', { projectId: project.id, presetId: preset.id, cols: 160, rows: 45 }),
  );
  const status = async () => unwrap(await client.request('sessions.list', {})).find((s) => s.id === session.id)!.status;
  const statusIs = (want: SessionStatus, what: string, ms = 60_000) =>
    waitFor(async () => (await status()) === want, `${agent}: ${what}`, ms);
  const queue = async () => unwrap(await client.request('queue.list', {})).find((q) => q.sessionId === session.id)!;
  await statusIs('idle', 'idle at start');
  return { session, status, statusIs, queue };
}
