import { describe, expect, it } from 'vitest';
import { AccountMeter } from '../../electron/daemon/usage/account-meter';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 29, 12, 0);
const reading = (at: number, fiveHour: number, resetsAt = T0 + 4 * 60 * MINUTE) => ({
  kind: 'windows' as const,
  at,
  fiveHour: { usedPercent: fiveHour, resetsAt },
  weekly: { usedPercent: 20, resetsAt: T0 + 5 * 24 * 60 * MINUTE },
});

describe('an account’s meter: readings, the plot, the burn rate', () => {
  it('readings every 30 s for an hour keep one a minute, and the last hour’s pace says when the window runs out', () => {
    const meter = new AccountMeter();
    // 10 % → 40 % over an hour: 30 % an hour.
    for (let i = 0; i <= 120; i++) meter.update(reading(T0 + i * 30_000, 10 + i * 0.25));
    const now = T0 + 60 * MINUTE;
    expect(meter.saved.history).toHaveLength(61);
    expect(meter.saved.history.at(-1)).toEqual([now, 40]);
    const { burnPerHour, exhaustsAt } = meter.burn(now);
    // The first minute's kept reading is its last (10.25 % at 30 s): 29.75 % in 59.5 minutes.
    expect(burnPerHour).toBeCloseTo(29.95, 2);
    // 60 % left at ~30 %/h: about two hours on, before the reset four hours after T0.
    expect(Math.abs(exhaustsAt! - (now + 2 * 60 * MINUTE))).toBeLessThan(MINUTE);
  });

  it('a pace that lasts past the reset gives no "empty at"; a few seconds of readings give no pace at all', () => {
    const slow = new AccountMeter();
    slow.update(reading(T0, 10));
    slow.update(reading(T0 + 30 * MINUTE, 12));
    expect(slow.burn(T0 + 30 * MINUTE)).toEqual({ burnPerHour: expect.closeTo(4, 5), exhaustsAt: null });
    const quick = new AccountMeter();
    quick.update(reading(T0, 10));
    quick.update(reading(T0 + 5000, 30));
    expect(quick.burn(T0 + 5000)).toEqual({ burnPerHour: null, exhaustsAt: null });
  });

  it('a window that started again: used 0 % until a new reading, no pace from the old one; a drop starts the pace anew', () => {
    const meter = new AccountMeter();
    meter.update(reading(T0, 50, T0 + 30 * MINUTE));
    meter.update(reading(T0 + 20 * MINUTE, 70, T0 + 30 * MINUTE));
    const after = T0 + 31 * MINUTE;
    expect(meter.windows(after).fiveHour).toEqual({ usedPercent: 0, resetsAt: null });
    expect(meter.burn(after)).toEqual({ burnPerHour: null, exhaustsAt: null });
    meter.update(reading(T0 + 32 * MINUTE, 2, T0 + 332 * MINUTE));
    meter.update(reading(T0 + 42 * MINUTE, 7, T0 + 332 * MINUTE));
    expect(meter.burn(T0 + 42 * MINUTE).burnPerHour).toBeCloseTo(30, 5);
  });

  it('an older reading than the last (another file’s past) changes nothing; 56.99999999999999 reads as 57', () => {
    const meter = new AccountMeter();
    expect(meter.update(reading(T0, 56.99999999999999))).toBe(true);
    expect(meter.update(reading(T0 - MINUTE, 10))).toBe(false);
    expect(meter.windows(T0).fiveHour?.usedPercent).toBe(57);
  });
});
