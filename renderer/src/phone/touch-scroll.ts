import type { Terminal } from '@xterm/xterm';

/** How long after a touch the view stays where the finger left it instead of following the cursor. */
const HOLD_MS = 8000;
const touchedAt = new WeakMap<HTMLElement, number>();

const cellHeight = (frame: HTMLElement, term: Terminal): number => {
  const screen = frame.querySelector<HTMLElement>('.xterm-screen');
  return Math.max(4, (screen?.offsetHeight ?? term.rows * 16) / term.rows);
};

/**
 * A finger scrolls the terminal's scrollback (xterm 6 has no touch scrolling of its own) and, where
 * the screen is taller than its frame, the frame: one gesture goes through both, as a page would.
 * Sideways stays the browser's own panning of the frame (`touch-action: pan-x` in phone.css).
 */
export function touchScroll(frame: HTMLElement, term: Terminal): () => void {
  let lastY: number | null = null;
  let pending = 0;
  const scrollback = (px: number) => {
    pending += px;
    const h = cellHeight(frame, term);
    const lines = Math.trunc(pending / h);
    if (!lines) return;
    pending -= lines * h;
    term.scrollLines(lines);
  };
  const start = (e: TouchEvent) => {
    if (e.touches.length !== 1) return (lastY = null);
    lastY = e.touches[0].clientY;
    pending = 0;
    touchedAt.set(frame, Date.now());
  };
  const move = (e: TouchEvent) => {
    if (lastY === null || e.touches.length !== 1) return;
    const y = e.touches[0].clientY;
    // Positive: the finger moves up, towards later output.
    const dy = lastY - y;
    lastY = y;
    touchedAt.set(frame, Date.now());
    const buffer = term.buffer.active;
    if (dy > 0) {
      if (buffer.viewportY < buffer.baseY) scrollback(dy);
      else frame.scrollTop += dy;
    } else if (dy < 0) {
      if (frame.scrollTop > 0) frame.scrollTop += dy;
      else scrollback(dy);
    }
  };
  const end = () => (lastY = null);
  frame.addEventListener('touchstart', start, { passive: true });
  frame.addEventListener('touchmove', move, { passive: true });
  frame.addEventListener('touchend', end, { passive: true });
  frame.addEventListener('touchcancel', end, { passive: true });
  return () => {
    frame.removeEventListener('touchstart', start);
    frame.removeEventListener('touchmove', move);
    frame.removeEventListener('touchend', end);
    frame.removeEventListener('touchcancel', end);
  };
}

/**
 * Keeps the cursor's row in view when the screen is taller than the frame (where the agent asks
 * and where typing shows), unless a finger moved the view lately.
 */
export function followCursor(frame: HTMLElement, term: Terminal): () => void {
  let queued = false;
  const follow = () => {
    queued = false;
    if (Date.now() - (touchedAt.get(frame) ?? 0) < HOLD_MS) return;
    if (frame.scrollHeight <= frame.clientHeight) return;
    const h = cellHeight(frame, term);
    const top = term.buffer.active.cursorY * h;
    if (top < frame.scrollTop || top + h > frame.scrollTop + frame.clientHeight)
      frame.scrollTop = Math.max(0, top + h - frame.clientHeight * 0.75);
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(follow);
  };
  const a = term.onWriteParsed(schedule);
  const b = term.onResize(schedule);
  return () => {
    a.dispose();
    b.dispose();
  };
}
