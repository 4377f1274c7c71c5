import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonPaths } from '../../electron/daemon-client/daemon-paths';
import { startDaemon } from '../../electron/daemon-client/daemon-starter';
import { LOG_LIMIT_BYTES, rotateLog } from '../../electron/daemon-client/log-rotation';
import { DAEMON_ENTRY, stopDaemon } from '../helpers/daemon';
import { removeDir, tempDir } from '../helpers/host-harness';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('daemon.log rotates', () => {
  it('a daemon that starts over a log past the limit sets it aside as daemon.log.1 and starts a new one', async () => {
    const dataDir = tempDir('flotilla-daemon-log-');
    const { log } = daemonPaths(dataDir);
    const old = `old-daemon-output\n${'x'.repeat(LOG_LIMIT_BYTES)}`;
    writeFileSync(log, old, { mode: 0o600 });
    writeFileSync(`${log}.1`, 'the log before that');
    try {
      await startDaemon({ dataDir, daemonEntry: DAEMON_ENTRY });
      expect(readFileSync(`${log}.1`, 'utf8')).toBe(old);
      expect(mode(`${log}.1`)).toBe(0o600);
      expect(statSync(log).size).toBeLessThan(LOG_LIMIT_BYTES);
      expect(readFileSync(log, 'utf8')).not.toContain('old-daemon-output');
      expect(mode(log)).toBe(0o600);
    } finally {
      await stopDaemon(dataDir);
      removeDir(dataDir);
    }
  });

  it('leaves a log within the limit, and a missing one, alone; the rotated copy is private whatever the log was', () => {
    const dir = tempDir('flotilla-log-');
    const log = join(dir, 'daemon.log');
    try {
      rotateLog(log, 10);
      writeFileSync(log, '0123456789');
      rotateLog(log, 10);
      expect(readFileSync(log, 'utf8')).toBe('0123456789');
      writeFileSync(log, '0123456789a');
      chmodSync(log, 0o644);
      rotateLog(log, 10);
      expect(statSync(log, { throwIfNoEntry: false })).toBeUndefined();
      expect(readFileSync(`${log}.1`, 'utf8')).toBe('0123456789a');
      expect(mode(`${log}.1`)).toBe(0o600);
    } finally {
      removeDir(dir);
    }
  });
});
