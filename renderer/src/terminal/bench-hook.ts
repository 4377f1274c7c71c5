import type { Terminal } from '@xterm/xterm';

/** OSC number the benchmark's commands print to mark "everything before me was parsed". */
export const BENCH_OSC = 7777;

interface BenchProbe {
  /** Per session: [performance.now(), payload] for every marker parsed. */
  marks: Record<string, Array<[number, string]>>;
  terms: Record<string, Terminal>;
}

/**
 * `npm run bench` opens the page with ?bench=1: each terminal then records when it parses an
 * OSC 7777 marker (xterm's parser hook), so throughput and latency are measured where the
 * person sees them. Off otherwise.
 */
export function attachBenchProbe(sessionId: string, term: Terminal): () => void {
  if (new URLSearchParams(location.search).get('bench') !== '1') return () => {};
  const w = window as unknown as { __flotillaBench?: BenchProbe };
  const probe = (w.__flotillaBench ??= { marks: {}, terms: {} });
  probe.terms[sessionId] = term;
  const handler = term.parser.registerOscHandler(BENCH_OSC, (payload) => {
    (probe.marks[sessionId] ??= []).push([performance.now(), payload]);
    return true;
  });
  return () => {
    handler.dispose();
    delete probe.terms[sessionId];
  };
}
