import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DataBatcher } from '../../electron/daemon/sessions/data-batcher';

let sent: string[];
let batcher: DataBatcher;
beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  batcher = new DataBatcher((d) => sent.push(d), 5, 10);
});
afterEach(() => {
  batcher.dispose();
  vi.useRealTimers();
});

it('sends a lone chunk at once (a keystroke echo waits for nothing)', () => {
  batcher.push('a');
  expect(sent).toEqual(['a']);
});

it('gathers what follows within the window into one message', () => {
  batcher.push('a');
  batcher.push('b');
  batcher.push('c');
  expect(sent).toEqual(['a']);
  vi.advanceTimersByTime(5);
  expect(sent).toEqual(['a', 'bc']);
  batcher.push('d'); // the window reopened after 'bc' went out
  expect(sent).toEqual(['a', 'bc']);
  vi.advanceTimersByTime(5);
  expect(sent).toEqual(['a', 'bc', 'd']);
});

it('sends at once when a window fills up, and is idle again after a quiet window', () => {
  batcher.push('a');
  batcher.push('123456789');
  batcher.push('0');
  expect(sent).toEqual(['a', '1234567890']);
  vi.advanceTimersByTime(5); // nothing gathered: back to idle
  vi.advanceTimersByTime(50);
  batcher.push('z');
  expect(sent).toEqual(['a', '1234567890', 'z']);
  expect(vi.getTimerCount()).toBe(1);
});
