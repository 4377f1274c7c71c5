import { describe, expect, it, vi } from 'vitest';
import type { HostState, Project, SessionInfo } from '../../electron/common/types';
import { groupProjectsByHost } from '../../renderer/src/components/host-groups';
import { hostDownLine, hostStateText } from '../../renderer/src/host-status';
import { hostsBackOnline } from '../../renderer/src/store/hosts-slice';
import { inputRefused, sendInput } from '../../renderer/src/terminal/input-guard';
import { registerTerminal } from '../../renderer/src/terminal/terminal-registry';
import { ok } from '../../electron/common/result';
import { connectedStore, sessionInfo } from './fake-host';

const host = (name: string, state: HostState['state'], reason: string | null = null): HostState => ({
  name,
  destination: `me@${name}`,
  state,
  reason,
  version: state === 'connected' ? '1.0.0' : null,
  retryAt: null,
});

const session = (id: string, projectId: string, title = 'build'): SessionInfo => sessionInfo(id, { projectId, title });

const project = (id: string): Project => ({ id, name: id, path: `/code/${id}`, isGitRepo: false, addedAt: 0 });

describe('hosts slice', () => {
  it('loads hosts.list at connect and follows hosts.changed', async () => {
    const { store, emit } = await connectedStore({ 'hosts.list': [host('devbox', 'connecting')] });
    expect(store.getState().hosts).toEqual([host('devbox', 'connecting')]);
    emit('hosts.changed', [host('devbox', 'reconnecting', 'Connection reset'), host('gpu', 'failed', 'no key')]);
    expect(store.getState().hosts.map((h) => h.state)).toEqual(['reconnecting', 'failed']);
  });

  it('a daemon without hosts leaves the list empty (the sidebar as before)', async () => {
    const { store } = await connectedStore({});
    expect(store.getState().hosts).toEqual([]);
  });

  it('add, remove and reconnect ask the daemon and return its answer', async () => {
    const { store, requests } = await connectedStore({
      'hosts.add': host('devbox', 'connecting'),
      'hosts.reconnect': null,
    });
    const added = await store.getState().addHost({ name: 'devbox', destination: 'me@devbox', sshConfig: '/c' });
    expect(added).toEqual(ok(host('devbox', 'connecting')));
    expect(store.getState().hosts.map((h) => h.name)).toEqual(['devbox']);
    expect(await store.getState().reconnectHost('devbox')).toEqual(ok(null));
    const removed = await store.getState().removeHost('devbox');
    expect(removed?.ok).toBe(false);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['not in this test']);
    expect(requests.filter((r) => r.method.startsWith('hosts.') && r.method !== 'hosts.list')).toEqual([
      { method: 'hosts.add', params: { name: 'devbox', destination: 'me@devbox', sshConfig: '/c' } },
      { method: 'hosts.reconnect', params: { name: 'devbox' } },
      { method: 'hosts.remove', params: { name: 'devbox' } },
    ]);
  });

  it('a host that comes back reloads what the window loads at connect and repaints its tiles only', async () => {
    const { store, emit, asked } = await connectedStore({
      'hosts.list': [host('devbox', 'reconnecting', 'timeout'), host('gpu', 'connected')],
      'sessions.list': [session('devbox:s1', 'devbox:p1')],
    });
    const attached: string[] = [];
    const fakeTerminal = (id: string) =>
      registerTerminal(id, { term: null as never, search: null as never, attach: () => attached.push(id) });
    const unregister = [fakeTerminal('devbox:s1'), fakeTerminal('gpu:s2'), fakeTerminal('s3')];
    expect(asked('sessions.list')).toHaveLength(1);

    emit('hosts.changed', [host('devbox', 'reconnecting', 'timeout'), host('gpu', 'reconnecting', 'x')]);
    expect(attached).toEqual([]); // going down repaints nothing

    emit('hosts.changed', [host('devbox', 'connected'), host('gpu', 'reconnecting', 'x')]);
    expect(attached).toEqual(['devbox:s1']);
    await vi.waitFor(() => expect(asked('sessions.list')).toHaveLength(2));
    for (const method of ['projects.list', 'queue.list', 'checks.latest'] as const)
      expect(asked(method)).toHaveLength(2);
    await vi.waitFor(() => expect(store.getState().hosts[0].state).toBe('connected'));
    expect(store.getState().sessionOrder).toEqual(['devbox:s1']);

    emit('hosts.changed', [host('devbox', 'connected'), host('gpu', 'reconnecting', 'x')]);
    expect(attached).toEqual(['devbox:s1']); // still up: no repaint
    unregister.forEach((off) => off());
  });

  it('knows when a link came up', () => {
    expect(hostsBackOnline([host('a', 'reconnecting')], [host('a', 'connected')])).toEqual(['a']);
    expect(hostsBackOnline([host('a', 'connected')], [host('a', 'connected')])).toEqual([]);
    expect(hostsBackOnline([], [host('new', 'connected'), host('b', 'connecting')])).toEqual(['new']);
  });

  it('says how a link is', () => {
    expect(hostStateText(host('d', 'connected'))).toBe('connected');
    expect(hostStateText(host('d', 'connecting'))).toBe('connecting…');
    expect(hostDownLine(host('devbox', 'reconnecting', 'Connection reset by peer'))).toBe(
      'devbox: reconnecting — Connection reset by peer',
    );
    expect(hostDownLine(host('devbox', 'failed', 'Host key verification failed.'))).toBe(
      'devbox: failed — Host key verification failed.',
    );
  });
});

describe('projects by machine', () => {
  it('this machine first, then each host in the daemon’s order, each keeping the given order', () => {
    expect(groupProjectsByHost(['gpu:1', 'a', 'devbox:2', 'b', 'devbox:1'], ['devbox', 'gpu'])).toEqual([
      { host: null, projectIds: ['a', 'b'] },
      { host: 'devbox', projectIds: ['devbox:2', 'devbox:1'] },
      { host: 'gpu', projectIds: ['gpu:1'] },
    ]);
  });

  it('a host with no projects still has its group; a project of an unlisted host is not lost', () => {
    expect(groupProjectsByHost(['old:1'], ['devbox'])).toEqual([
      { host: null, projectIds: [] },
      { host: 'devbox', projectIds: [] },
      { host: 'old', projectIds: ['old:1'] },
    ]);
  });

  it('adds a project and completes folders on the chosen host; starts sessions with the prefixed id', async () => {
    const { store, requests } = await connectedStore({});
    await store.getState().addProject('/srv/app', 'devbox');
    await store.getState().addProject('/home/me/app');
    await store.getState().suggestFolders('~/co', 'devbox');
    await store.getState().startSession({ projectId: 'devbox:p1', presetId: 'shell' });
    expect(requests.slice(-4)).toEqual([
      { method: 'projects.add', params: { path: '/srv/app', host: 'devbox' } },
      { method: 'projects.add', params: { path: '/home/me/app' } },
      { method: 'folders.suggest', params: { partial: '~/co', host: 'devbox' } },
      { method: 'sessions.start', params: { projectId: 'devbox:p1', presetId: 'shell' } },
    ]);
  });
});

describe('keys for a session whose host is down', () => {
  async function withSessions() {
    const connected = await connectedStore({
      'hosts.list': [host('devbox', 'reconnecting', 'Connection reset by peer'), host('gpu', 'connected')],
      'projects.list': [project('devbox:p'), project('gpu:p'), project('p')],
      'sessions.list': [session('devbox:s', 'devbox:p'), session('gpu:s', 'gpu:p', 'train'), session('s', 'p')],
    });
    return connected;
  }

  it('are not sent, and the person is told once while the message shows', async () => {
    const { store, client, input } = await withSessions();
    sendInput(store, client, 'devbox:s', 'ls\r');
    sendInput(store, client, 'devbox:s', 'x');
    expect(input).not.toHaveBeenCalled();
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Not sent to build: devbox is reconnecting — Connection reset by peer',
    ]);
  });

  it('go when the host is connected, and always on this machine', async () => {
    const { store, client, input } = await withSessions();
    sendInput(store, client, 'gpu:s', 'a');
    sendInput(store, client, 's', 'b');
    expect(input.mock.calls).toEqual([
      ['gpu:s', 'a'],
      ['s', 'b'],
    ]);
    expect(store.getState().notices).toEqual([]);
  });

  it('the daemon’s refusal shows the same message, or its own reason when the window thought the host up', async () => {
    const { store } = await withSessions();
    inputRefused(store, 'devbox:s', 'devbox: reconnecting — Connection reset by peer');
    inputRefused(store, 'gpu:s', 'gpu: reconnecting — Broken pipe');
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Not sent to build: devbox is reconnecting — Connection reset by peer',
      'Not sent to train: gpu: reconnecting — Broken pipe',
    ]);
  });

  it('the input.refused event reaches the Messages region', async () => {
    const { store, emit } = await withSessions();
    emit('input.refused', { sessionId: 'devbox:s', reason: 'devbox: reconnecting — Connection reset by peer' });
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Not sent to build: devbox is reconnecting — Connection reset by peer',
    ]);
  });
});
