import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveShellEnv } from '../../electron/daemon/sessions/shell-env';
import { RecordingSink, removeDir, startHost, tempDir, unwrap, waitFor, type Harness } from '../helpers/host-harness';

const BARE = { PATH: '/usr/bin:/bin', SHELL: '/bin/bash', LANG: 'C.UTF-8' };

/** A HOME whose bash login profile runs `profile`, with a stand-in agent in ~/agent-bin. */
function home(profile: string): string {
  const dir = tempDir('flotilla-home-');
  mkdirSync(join(dir, 'agent-bin'));
  const agent = join(dir, 'agent-bin', 'my-agent');
  writeFileSync(agent, '#!/bin/sh\necho "my-agent ran with $# args: $*"\nsleep 30\n');
  chmodSync(agent, 0o755);
  writeFileSync(join(dir, '.bash_profile'), profile);
  return dir;
}

describe('the login shell environment', () => {
  const made: string[] = [];
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    if (h) removeDir(h.dataDir);
    h = undefined;
    made.splice(0).forEach(removeDir);
  });

  it('a host started with a bare PATH finds an agent the profile puts on PATH, and runs it by name', async () => {
    const dir = home('export PATH="$HOME/agent-bin:$PATH"\nexport FROM_PROFILE=yes\n');
    made.push(dir);
    h = await startHost(tempDir(), { env: { ...BARE, HOME: dir }, loginShellEnv: true });
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'my-agent one two' }));
    const sink = new RecordingSink(client, info.id);
    unwrap(await client.attach(info.id, sink));
    await waitFor(
      () => sink.text.includes('my-agent ran with 2 args: one two') || sink.screenData.includes('my-agent ran'),
      'the agent found through the login shell',
    );
    expect(info.launched?.[0]).toBe(join(dir, 'agent-bin', 'my-agent'));
  });

  it('without the profile the same command is not found, and the message names the PATH searched', async () => {
    const dir = home('');
    made.push(dir);
    h = await startHost(tempDir(), { env: { ...BARE, HOME: dir }, loginShellEnv: true });
    const client = h.connect();
    const project = unwrap(await client.request('projects.add', { path: dir }));
    const info = unwrap(await client.request('sessions.start', { projectId: project.id, command: 'my-agent' }));
    const searched = /^No command "my-agent" was found on PATH \((.+)\)\.$/.exec(info.error ?? '')?.[1];
    expect(searched?.split(':')).toContain('/bin');
    expect(searched).not.toContain('agent-bin');
  });

  it('takes what the profile exports and its PATH, keeps what the host was started with, drops the shell’s own', async () => {
    const dir = home('export PATH="$HOME/agent-bin:$PATH"\nexport FROM_PROFILE=yes\nexport LANG=xx_XX\n');
    made.push(dir);
    const resolved = await resolveShellEnv('/bin/bash', { ...BARE, HOME: dir });
    expect(resolved.source).toBe('login-shell');
    expect(resolved.env.PATH?.split(':')[0]).toBe(join(dir, 'agent-bin'));
    expect(resolved.env.FROM_PROFILE).toBe('yes');
    expect(resolved.env.LANG).toBe(BARE.LANG);
    expect(resolved.env.SHLVL).toBeUndefined();
    expect(resolved.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    console.log(`[measure] login-shell environment (bash, small profile): ${resolved.ms} ms`);
  });

  it('a profile that hangs falls back to the current environment within the time limit', async () => {
    const dir = home('export PATH="$HOME/agent-bin:$PATH"\nsleep 60\n');
    made.push(dir);
    const resolved = await resolveShellEnv('/bin/bash', { ...BARE, HOME: dir }, 700);
    expect(resolved.source).toBe('process');
    expect(resolved.reason).toContain('longer than 700 ms');
    expect(resolved.env.PATH).toBe(BARE.PATH);
  });

  it('a profile that exits, and a shell that does not exist, fall back with the reason', async () => {
    const dir = home('exit 3\n');
    made.push(dir);
    const broken = await resolveShellEnv('/bin/bash', { ...BARE, HOME: dir });
    expect(broken).toMatchObject({ source: 'process', reason: expect.stringContaining('printed no environment') });
    const missing = await resolveShellEnv('/no/such/shell', { ...BARE, HOME: dir });
    expect(missing).toMatchObject({ source: 'process', reason: expect.stringContaining('could not start') });
    expect(missing.env.PATH).toBe(BARE.PATH);
  });
});
