import { afterEach, expect, it, vi } from 'vitest';
import { CheckProcess } from '../../electron/daemon/checks/check-process';
import { unwrap } from '../helpers/host-harness';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

it('a finished check signals nothing: its pid may be a new program by then', async () => {
  const check = unwrap(CheckProcess.start('sh -c "echo done"', process.cwd(), process.env, 60_000));
  expect(await check.exited).toEqual({ exitCode: 0, endedBy: null });
  const kill = vi.spyOn(process, 'kill');
  vi.useFakeTimers();
  check.dispose();
  check.cancel();
  vi.runAllTimers();
  expect(kill).not.toHaveBeenCalled();
});
