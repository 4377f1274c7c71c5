import type { AgentPreset } from '../../common/agents';
import { linearPattern } from './linear-patterns';

/** An agent's usage limit as its screen shows it: the line, and when it lifts. */
export interface UsageLimit {
  line: string;
  resetsAt: number;
}

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = {
  day: 24 * 60 * MINUTE,
  hour: 60 * MINUTE,
  minute: MINUTE,
  min: MINUTE,
  second: 1000,
  sec: 1000,
};

/** Wall-clock parts of `t` in a time zone. */
function wallClock(
  t: number,
  timeZone: string | undefined,
): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** The first moment after `now` (less a minute's slack) when the clock in `timeZone` reads hour:minute. */
export function nextWallTime(hour: number, minute: number, timeZone: string | undefined, now: number): number {
  const today = wallClock(now, timeZone);
  for (let day = 0; day <= 2; day++) {
    const guess = Date.UTC(today.y, today.mo - 1, today.d + day, hour, minute);
    // The zone's offset at that moment: how far its wall clock is from UTC.
    const seen = wallClock(guess, timeZone);
    const offset = Date.UTC(seen.y, seen.mo - 1, seen.d, seen.h, seen.mi) - guess;
    const at = guess - offset;
    if (at > now - MINUTE) return at;
  }
  return now + 24 * 60 * MINUTE;
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/**
 * When a limit line says it lifts: "resets 12:50am (America/Los_Angeles)", "resets 5am",
 * "try again at 3:05 PM", "try again in 2 hours 3 minutes" (Claude Code, Codex), "Access resets at
 * 3:57 PM UTC." (Gemini CLI). Null when it does not say.
 */
export function parseReset(line: string, now: number): number | null {
  const at =
    /(?:resets(?:\s+at)?|try again at|available again at)\s+(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?:\s*\(([\w/+-]+)\)|\s+(UTC|GMT)\b)?/i.exec(
      line,
    );
  if (at) {
    let hour = Number(at[1]);
    const minute = Number(at[2] ?? 0);
    const meridiem = at[3]?.toLowerCase().replace(/\./g, '');
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    if (hour > 23 || minute > 59) return null;
    return nextWallTime(hour, minute, validZone(at[4] ?? (at[5] ? 'UTC' : undefined)), now);
  }
  const within =
    /(?:try again in|resets in)\s+((?:\d+\s*(?:days?|hours?|minutes?|mins?|seconds?|secs?)[\s,and]*)+)/i.exec(line);
  if (within) {
    let ms = 0;
    for (const [, n, unit] of within[1].matchAll(/(\d+)\s*(day|hour|minute|min|second|sec)/gi))
      ms += Number(n) * UNIT_MS[unit.toLowerCase()];
    return ms > 0 ? now + ms : null;
  }
  return null;
}

/** A usage limit the screen shows now, by the preset's patterns; its reset time if the line gives one. */
export function findUsageLimit(preset: AgentPreset, screen: string[], now: number): UsageLimit | null {
  const patterns = preset.limits.patterns.map(linearPattern).filter((r): r is RegExp => r !== null);
  if (!patterns.length) return null;
  for (let i = screen.length - 1; i >= 0; i--) {
    const line = screen[i];
    if (!patterns.some((p) => p.test(line))) continue;
    // The reset time may sit on the line itself or the next one (a wrapped message).
    const resetsAt = parseReset(line, now) ?? parseReset(`${line} ${screen[i + 1] ?? ''}`, now);
    return resetsAt === null ? null : { line: line.trim(), resetsAt };
  }
  return null;
}
