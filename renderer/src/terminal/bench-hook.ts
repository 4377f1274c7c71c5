import type { Terminal } from '@xterm/xterm';
import { visibleRows } from '../../../electron/common/visible-rows';

interface BenchProbe {
  terms: Record<string, Terminal>;
  /** The rows a person sees in a tile right now. */
  rows(sessionId: string): string[];
}

/**
 * `npm run bench` opens the page with ?bench=1: each tile's xterm is then reachable from the
 * page, so the benchmark types through xterm's own input path and reads what a person would see
 * (a tile that fell behind is repainted from the host and never parses every byte). Off otherwise.
 */
export function attachBenchProbe(sessionId: string, term: Terminal): () => void {
  if (new URLSearchParams(location.search).get('bench') !== '1') return () => {};
  const w = window as unknown as { __flotillaBench?: BenchProbe };
  const probe = (w.__flotillaBench ??= {
    terms: {},
    rows(id) {
      const t = this.terms[id];
      return t ? visibleRows(t) : [];
    },
  });
  probe.terms[sessionId] = term;
  return () => {
    delete probe.terms[sessionId];
  };
}
