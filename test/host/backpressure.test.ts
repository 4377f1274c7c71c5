import { describe, expect, it } from 'vitest';
import { Backpressure } from '../../electron/daemon/sessions/backpressure';

describe('backpressure (pty ↔ the host mirror)', () => {
  it('pauses above the high watermark and resumes only below the low one', () => {
    const log: string[] = [];
    const bp = new Backpressure(
      () => log.push('pause'),
      () => log.push('resume'),
      100,
      10,
    );
    bp.sent(60);
    expect(log).toEqual([]);
    bp.sent(41);
    expect(log).toEqual(['pause']);
    bp.sent(500); // already paused: no second pause
    bp.acked(580);
    expect(log).toEqual(['pause']); // 21 left, not below 10
    bp.acked(12);
    expect(log).toEqual(['pause', 'resume']);
    expect(bp.isPaused).toBe(false);
  });

  it('never goes below zero on acks that overtake what it counted', () => {
    const log: string[] = [];
    const bp = new Backpressure(
      () => log.push('pause'),
      () => log.push('resume'),
      100,
      10,
    );
    bp.acked(50);
    bp.sent(101);
    expect(log).toEqual(['pause']);
  });
});
