import type { QuotaWindow } from '../../common/usage';
import type { WindowsRecord } from './session-usage';

const HOUR = 3_600_000;
/** How much of the 5-hour window's past is kept for the plot. */
export const HISTORY_MS = 6 * HOUR;
/** Readings closer than this replace the last one: the plot needs minutes, not every answer. */
const SAMPLE_MS = 60_000;
/** A burn rate needs readings at least this far apart (a few seconds say nothing about an hour). */
const MIN_SPAN_MS = 2 * 60_000;

export interface MeterState {
  fiveHour: QuotaWindow | null;
  weekly: QuotaWindow | null;
  windowsAt: number | null;
  history: Array<[number, number]>;
}

/** Claude Code reports 0.57 × 100 as 56.99999999999999: a tenth of a percent is all anyone reads. */
const tidy = (w: QuotaWindow | null): QuotaWindow | null =>
  w && { ...w, usedPercent: Math.round(w.usedPercent * 10) / 10 };

/** A window whose reset passed: nothing is used of the new one that anyone reported. */
function current(window: QuotaWindow | null, now: number): QuotaWindow | null {
  if (!window || window.resetsAt === null || window.resetsAt > now) return window;
  return { usedPercent: 0, resetsAt: null };
}

/**
 * One account's quota windows as last reported, and the 5-hour window's readings over the last
 * hours: the plot, the burn rate of the last hour, and when that rate would use it up.
 */
export class AccountMeter {
  private state: MeterState;

  constructor(saved: MeterState | null = null) {
    this.state = saved ?? { fiveHour: null, weekly: null, windowsAt: null, history: [] };
  }

  get saved(): MeterState {
    return this.state;
  }

  /** Takes a newer report in; false when it is older than what is known (another file's past). */
  update(reading: WindowsRecord): boolean {
    if (this.state.windowsAt !== null && reading.at < this.state.windowsAt) return false;
    const record = { ...reading, fiveHour: tidy(reading.fiveHour), weekly: tidy(reading.weekly) };
    const history = this.state.history.filter(([t]) => t > record.at - HISTORY_MS);
    if (record.fiveHour) {
      // One reading a minute: the minute's last (unless the window started again within it).
      const last = history.at(-1);
      const sameMinute = last && Math.floor(last[0] / SAMPLE_MS) === Math.floor(record.at / SAMPLE_MS);
      if (sameMinute && record.fiveHour.usedPercent >= last[1]) history.pop();
      history.push([record.at, record.fiveHour.usedPercent]);
    }
    this.state = {
      fiveHour: record.fiveHour ?? this.state.fiveHour,
      weekly: record.weekly ?? this.state.weekly,
      windowsAt: record.at,
      history,
    };
    return true;
  }

  windows(now: number): { fiveHour: QuotaWindow | null; weekly: QuotaWindow | null } {
    return { fiveHour: current(this.state.fiveHour, now), weekly: current(this.state.weekly, now) };
  }

  /** % of the 5-hour window an hour, over the last hour's readings since the window last started. */
  burn(now: number): { burnPerHour: number | null; exhaustsAt: number | null } {
    // The window started again and nobody reported since: the old window's pace says nothing.
    const reported = this.state.fiveHour;
    if (reported?.resetsAt != null && reported.resetsAt <= now) return { burnPerHour: null, exhaustsAt: null };
    const recent = this.state.history.filter(([t]) => t >= now - HOUR);
    // Readings since the last drop: a drop is a new window.
    let from = 0;
    for (let i = 1; i < recent.length; i++) if (recent[i][1] < recent[i - 1][1]) from = i;
    const since = recent.slice(from);
    const first = since[0];
    const last = since.at(-1);
    if (!first || !last || last[0] - first[0] < MIN_SPAN_MS) return { burnPerHour: null, exhaustsAt: null };
    const burnPerHour = ((last[1] - first[1]) / (last[0] - first[0])) * HOUR;
    const window = this.windows(now).fiveHour;
    if (burnPerHour <= 0 || !window) return { burnPerHour: Math.max(0, burnPerHour), exhaustsAt: null };
    const exhaustsAt = Math.round(last[0] + ((100 - window.usedPercent) / burnPerHour) * HOUR);
    return { burnPerHour, exhaustsAt: window.resetsAt !== null && exhaustsAt >= window.resetsAt ? null : exhaustsAt };
  }
}
