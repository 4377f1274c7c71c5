import { describe, expect, it } from 'vitest';
import { INPUT_FRAME_CHARS, inputFrames } from '../../electron/common/host-client';
import { MAX_INPUT_CHARS } from '../../electron/common/protocol';

describe('input frames', () => {
  it('a keystroke is one frame as it is', () => {
    expect(inputFrames('a')).toEqual(['a']);
    expect(inputFrames('')).toEqual(['']);
  });

  it('a 1.8 M character CJK paste becomes frames each far under the transport limit, in order', () => {
    const paste = '漢字かな'.repeat(450_000);
    const frames = inputFrames(paste);
    expect(frames.join('')).toBe(paste);
    expect(frames.length).toBe(Math.ceil(paste.length / INPUT_FRAME_CHARS));
    for (const f of frames) {
      expect(f.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
      expect(new TextEncoder().encode(JSON.stringify({ t: 'in', s: 'x'.repeat(64), d: f })).length).toBeLessThan(
        1024 * 1024,
      );
    }
  });

  it('never splits a surrogate pair', () => {
    const paste = 'a' + '😀'.repeat(100);
    const frames = inputFrames(paste, 8);
    expect(frames.join('')).toBe(paste);
    // A lone surrogate at either end of a frame would mean a pair was cut.
    for (const f of frames) expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(f)).toBe(false);
  });
});
