import {
  formatCost,
  formatTokens,
  totalTokens,
  type AccountUsage,
  type SessionUsage,
  type TokenCounts,
} from '../../../electron/common/usage';
import { clockTime } from '../components/session-status';

/** What the person reads about spending and quotas: pure, so each sentence is tested on its own. */

/** "42 %": a quota's share, rounded to a whole percent. */
export const percentText = (p: number): string => `${Math.round(p)} %`;

/** "18 %", "2.5 %", "0.4 %": a burn rate, a decimal only where a whole number would say little. */
export const rateText = (p: number): string => `${p >= 10 ? Math.round(p) : Number(p.toFixed(1))} %`;

/** Two times on the same day of the person's calendar. */
function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** "17:40" today, "Fri 09:00" another day: a moment in the next days, on the person's clock. */
export function whenText(t: number, now: number): string {
  if (sameDay(t, now)) return clockTime(t);
  return `${new Date(t).toLocaleDateString([], { weekday: 'short' })} ${clockTime(t)}`;
}

/** "41k tok · $0.12", "41k tok" without a price; null when nothing was spent (a shell, an agent before its first turn). */
export function usageCompact(tokens: TokenCounts, costUsd: number | null): string | null {
  const total = totalTokens(tokens);
  if (total === 0) return null;
  return costUsd === null ? `${formatTokens(total)} tok` : `${formatTokens(total)} tok · ${formatCost(costUsd)}`;
}

/** The compact line in words, for a screen reader in a row of facts: "41k tokens, est. $0.12". */
export function usageSpoken(tokens: TokenCounts, costUsd: number | null): string {
  const total = `${formatTokens(totalTokens(tokens))} tokens`;
  return costUsd === null ? total : `${total}, est. ${formatCost(costUsd)}`;
}

/** "input 1.2k, output 3.4k, cache read 36k, cache write 0". */
export function tokensDetail(t: TokenCounts): string {
  return [
    `input ${formatTokens(t.input)}`,
    `output ${formatTokens(t.output)}`,
    `cache read ${formatTokens(t.cacheRead)}`,
    `cache write ${formatTokens(t.cacheWrite)}`,
  ].join(', ');
}

/** The tooltip: every count, the estimate with its model, and the models the estimate leaves out. */
export function sessionUsageDetail(u: SessionUsage): string {
  const cost = u.costUsd === null ? 'no cost estimate' : `est. ${formatCost(u.costUsd)}`;
  const lines = [`${tokensDetail(u.tokens)} · ${cost}${u.model ? ` (${u.model})` : ''}`];
  if (u.unpriced.length) lines.push(`no price for model${u.unpriced.length > 1 ? 's' : ''} ${u.unpriced.join(', ')}`);
  return lines.join('\n');
}

/** The same for an account (every session on it; no model of its own). */
export function accountUsageDetail(a: AccountUsage): string {
  return `${tokensDetail(a.tokens)} · ${a.costUsd === null ? 'no cost estimate' : `est. ${formatCost(a.costUsd)}`}`;
}

/** "at this rate: empty at 16:05"; null while there is no rate to speak of. */
export function burnText(a: AccountUsage, now: number): string | null {
  if (a.burnPerHour === null || a.burnPerHour <= 0) return null;
  return a.exhaustsAt === null
    ? 'at this rate: lasts past the reset'
    : `at this rate: empty at ${whenText(a.exhaustsAt, now)}`;
}

/** The 5-hour window's latest %: as last reported, else the newest point of its history. */
export function fiveHourUsed(a: AccountUsage): number | null {
  return a.fiveHour?.usedPercent ?? a.history.at(-1)?.[1] ?? null;
}

/** The plot's name for screen readers: "5-hour window 42 % used, 18 % an hour over the last hour, empty at 16:05". */
export function plotSummary(a: AccountUsage, now: number): string {
  const used = fiveHourUsed(a);
  const parts = [`5-hour window ${used === null ? 'not reported' : `${percentText(used)} used`}`];
  if (a.burnPerHour !== null) parts.push(`${rateText(a.burnPerHour)} an hour over the last hour`);
  if (a.burnPerHour !== null && a.burnPerHour > 0)
    parts.push(a.exhaustsAt === null ? 'lasts past the reset' : `empty at ${whenText(a.exhaustsAt, now)}`);
  return parts.join(', ');
}

/** The `usage.paused` event in words, for the notice and the system notification. */
export function pausedText(p: { label: string; usedPercent: number; pauseAt: number }): string {
  return `${p.label} reached ${percentText(p.usedPercent)} of its 5-hour window: its queues paused (your threshold ${percentText(p.pauseAt)})`;
}

export interface PlotGeometry {
  /** The history as an SVG polyline's points, oldest first. */
  points: string;
  /** The last reading (drawn as a dot). */
  last: { x: number; y: number } | null;
  /** The burn rate from the last reading to 100 % at `exhaustsAt`. */
  projection: { x1: number; y1: number; x2: number; y2: number } | null;
  /** The person's threshold, as a y. */
  threshold: number | null;
}

/** The narrowest stretch of time a plot spans, so two readings a second apart are not one vertical line. */
export const MIN_PLOT_SPAN_MS = 60_000;

/**
 * Where the history goes in a width × height box: x is time from the first reading to now (or to
 * `exhaustsAt`, when the burn rate reaches 100 % before the reset), y is 0–100 % bottom to top.
 */
export function plotGeometry(a: AccountUsage, now: number, width: number, height: number): PlotGeometry {
  const history = a.history;
  const lastAt = history.at(-1)?.[0] ?? now;
  const end = Math.max(now, lastAt, a.exhaustsAt ?? 0);
  const start = Math.min(history[0]?.[0] ?? now, end - MIN_PLOT_SPAN_MS);
  const x = (t: number) => round(((t - start) / (end - start)) * width);
  const y = (p: number) => round(height - (Math.min(100, Math.max(0, p)) / 100) * height);
  const points = history.map(([t, p]) => `${x(t)},${y(p)}`).join(' ');
  const newest = history.at(-1);
  const last = newest ? { x: x(newest[0]), y: y(newest[1]) } : null;
  const projection =
    newest && a.exhaustsAt !== null && a.burnPerHour !== null && a.burnPerHour > 0
      ? { x1: x(newest[0]), y1: y(newest[1]), x2: x(a.exhaustsAt), y2: y(100) }
      : null;
  return { points, last, projection, threshold: a.pauseAt === null ? null : y(a.pauseAt) };
}

const round = (n: number) => Math.round(n * 10) / 10;
