import { describe, expect, it } from 'vitest';
import { Backpressure } from '../../electron/host/sessions/backpressure';

describe('backpressure', () => {
  it('pauses above the high watermark and resumes when every consumer is below the low one', () => {
    const log: string[] = [];
    const bp = new Backpressure<string>(() => log.push('pause'), () => log.push('resume'), 100, 10, 60_000);
    bp.sent('a', 60);
    bp.sent('b', 101);
    expect(log).toEqual(['pause']);
    bp.acked('b', 95);
    expect(log).toEqual(['pause']); // a is still 60 behind
    bp.acked('a', 55);
    expect(log).toEqual(['pause', 'resume']);
  });

  it('a consumer that leaves stops counting', () => {
    const log: string[] = [];
    const bp = new Backpressure<string>(() => log.push('pause'), () => log.push('resume'), 100, 10, 60_000);
    bp.sent('gone', 500);
    bp.remove('gone');
    expect(log).toEqual(['pause', 'resume']);
  });

  it('forgives a consumer that stopped acknowledging altogether, so one wedged client cannot freeze a session', async () => {
    const log: string[] = [];
    const bp = new Backpressure<string>(() => log.push('pause'), () => log.push('resume'), 100, 10, 200);
    bp.sent('wedged', 500);
    bp.sent('healthy', 50);
    bp.acked('healthy', 50);
    await new Promise((r) => setTimeout(r, 450));
    expect(log).toEqual(['pause', 'resume']);
    expect(bp.isPaused).toBe(false);
  });
});
