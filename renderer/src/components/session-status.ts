import type { SessionInfo } from '../../../electron/common/types';

/** What a person reads for a session's state, in the tile header and the sidebar. */
export function sessionStatusText(s: SessionInfo): string {
  if (s.status === 'starting') return 'starting…';
  if (s.status === 'running') return 'running';
  if (s.status === 'busy') return 'busy';
  if (s.status === 'idle') return 'idle';
  if (s.status === 'needs-input') return 'needs input';
  if (s.error) return 'not running';
  if (s.exitCode !== null && s.exitCode !== 0) return `exited with code ${s.exitCode}`;
  if (s.signal) return `killed (signal ${s.signal})`;
  return s.exitCode === 0 ? 'exited (code 0)' : 'exited';
}

/** A time of day the way the person's clock shows it (12:50 AM, 00:50). */
export function clockTime(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
