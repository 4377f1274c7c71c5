import type { AppState } from '../store/app-store';

/** How much a project needs the person now: higher first. */
export function attentionScore(state: AppState, projectId: string): number {
  let score = 0;
  for (const id of state.sessionOrder) {
    const s = state.sessions[id];
    if (s?.projectId !== projectId) continue;
    if (s.status === 'needs-input') score = Math.max(score, 3);
    else if (s.status === 'exited') score = Math.max(score, 2);
    else if (state.unseen[id]) score = Math.max(score, 1);
  }
  return score;
}

/** Project ids, those that need attention first, otherwise in the order they were added. */
export function projectsByAttention(state: AppState): string[] {
  return state.projects
    .map((p, i) => ({ id: p.id, i, score: attentionScore(state, p.id) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((p) => p.id);
}
