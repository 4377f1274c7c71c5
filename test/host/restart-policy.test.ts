import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../electron/common/restart-policy';

describe('host restart policy', () => {
  it('restarts a crashed host, but not a fourth time within a minute: then it says why', () => {
    let now = 0;
    const policy = new RestartPolicy(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(policy.exited('it exited with code 1')).toEqual({ restart: true });
      now += 1000;
    }
    expect(policy.exited('The data file was written by a newer Flotilla (schema 9, this build knows 3).')).toEqual({
      restart: false,
      why: 'The Flotilla daemon stopped 4 times in a minute and was not restarted: The data file was written by a newer Flotilla (schema 9, this build knows 3).',
    });
  });

  it('crashes far apart are each restarted', () => {
    let now = 0;
    const policy = new RestartPolicy(3, 60_000, () => now);
    for (let i = 0; i < 10; i++) {
      expect(policy.exited('x').restart).toBe(true);
      now += 30_000;
    }
  });
});
