import { setFlagsFromString } from 'node:v8';
import type { AgentPreset } from '../../common/agents';

/**
 * Preset patterns run on the host's main thread against untrusted program output many times a
 * second: one that backtracks catastrophically (`^(a+)+$` on "aaaa…!") would freeze every
 * session. V8's non-backtracking engine (the `l` flag) runs each in time linear in the text;
 * it cannot do backreferences or lookarounds, so such patterns are refused when saved.
 */
setFlagsFromString('--enable-experimental-regexp-engine');

const compiled = new Map<string, RegExp | null>();

/** The pattern in linear time, or null if it cannot be (refused at save; an old saved one never matches). */
export function linearPattern(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'lm');
    } catch {
      re = null;
    }
    compiled.set(source, re);
  }
  return re;
}

/** Every pattern of a preset, named by its field (detect.busy.0, detect.idleTitle, …). */
function patternsOf({ detect, limits }: AgentPreset): Array<[string, string]> {
  const named: Array<[string, string]> = limits.patterns.map((s, i) => [`limits.patterns.${i}`, s]);
  limits.dialogs.forEach((d, i) => named.push([`limits.dialogs.${i}.pattern`, d.pattern]));
  for (const field of ['busy', 'idle', 'needsInput'] as const)
    detect[field].forEach((s, i) => named.push([`detect.${field}.${i}`, s]));
  for (const field of ['busyTitle', 'idleTitle'] as const)
    if (detect[field] !== undefined) named.push([`detect.${field}`, detect[field]]);
  return named;
}

/** The first pattern that cannot run in linear time, with its field, or null. */
export function nonLinearPattern(preset: AgentPreset): string | null {
  const bad = patternsOf(preset).find(([, source]) => linearPattern(source) === null);
  return bad ? `${bad[0]} cannot run in linear time (no backreferences or lookaheads)` : null;
}
