import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, TailReader } from '../../electron/daemon/usage/tail-reader';
import { removeDir, tempDir } from '../helpers/host-harness';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = join(dir, 'record.jsonl');
});
afterEach(() => removeDir(dir));

describe('TailReader', () => {
  it('returns only the lines appended since the last call, reading only the new bytes', () => {
    writeFileSync(file, '{"a":1}\n{"b":2}\n');
    const reader = new TailReader(file);
    expect(reader.read()).toEqual(['{"a":1}', '{"b":2}']);
    expect(reader.bytesRead).toBe(16);
    expect(reader.read()).toEqual([]);
    appendFileSync(file, '{"c":3}\n');
    expect(reader.read()).toEqual(['{"c":3}']);
    expect(reader.bytesRead).toBe(24);
    expect(reader.atEnd).toBe(true);
  });

  it('keeps a line being written until its newline arrives', () => {
    writeFileSync(file, 'one\ntw');
    const reader = new TailReader(file);
    expect(reader.read()).toEqual(['one']);
    appendFileSync(file, 'o');
    expect(reader.read()).toEqual([]);
    appendFileSync(file, '\nthree\n');
    expect(reader.read()).toEqual(['two', 'three']);
  });

  it('decodes a character split across two reads, and across two chunks of one read', () => {
    const euro = Buffer.from('€');
    writeFileSync(file, Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]));
    const reader = new TailReader(file);
    expect(reader.read()).toEqual([]);
    appendFileSync(file, Buffer.concat([euro.subarray(2), Buffer.from('b\n')]));
    expect(reader.read()).toEqual(['a€b']);

    const long = `${'x'.repeat(64 * 1024 - 1)}€${'y'.repeat(10)}`;
    writeFileSync(join(dir, 'long.jsonl'), `${long}\n`);
    expect(new TailReader(join(dir, 'long.jsonl')).read()).toEqual([long]);
  });

  it('reads a file that shrank from its start again', () => {
    writeFileSync(file, 'old line one\nold line two\n');
    const reader = new TailReader(file);
    reader.read();
    truncateSync(file, 0);
    appendFileSync(file, 'new\n');
    expect(reader.read()).toEqual(['new']);
  });

  it('reads a file replaced by another (a new inode) from its start, though it is longer', () => {
    writeFileSync(file, 'first\n');
    const reader = new TailReader(file);
    reader.read();
    writeFileSync(join(dir, 'next.jsonl'), 'replaced one\nreplaced two\n');
    renameSync(join(dir, 'next.jsonl'), file);
    expect(reader.read()).toEqual(['replaced one', 'replaced two']);
  });

  it('a missing file reads as nothing, until it appears', () => {
    const reader = new TailReader(file);
    expect(reader.read()).toEqual([]);
    writeFileSync(file, 'now\n');
    expect(reader.read()).toEqual(['now']);
  });

  it('drops a partial line over 8 MiB up to its newline, and keeps one under it', () => {
    const reader = new TailReader(file);
    writeFileSync(file, 'x'.repeat(MAX_LINE_BYTES - 10));
    expect(reader.read()).toEqual([]);
    appendFileSync(file, 'x'.repeat(10) + '\nafter\n');
    const [kept, after] = reader.read();
    expect([kept.length, after]).toEqual([MAX_LINE_BYTES, 'after']);

    appendFileSync(file, 'y'.repeat(MAX_LINE_BYTES));
    expect(reader.read()).toEqual([]);
    appendFileSync(file, 'y'.repeat(1000));
    expect(reader.read()).toEqual([]);
    appendFileSync(file, 'yyy\nnext\n');
    expect(reader.read()).toEqual(['next']);
  });

  it('with a byte budget, takes a large file in slices and says when it reached the end', () => {
    writeFileSync(file, 'aaaa\nbbbb\ncccc\n');
    const reader = new TailReader(file, { maxBytesPerRead: 7 });
    expect([reader.read(), reader.atEnd]).toEqual([['aaaa'], false]);
    expect([reader.read(), reader.atEnd]).toEqual([['bbbb'], false]);
    expect([reader.read(), reader.atEnd]).toEqual([['cccc'], true]);
    expect(reader.bytesRead).toBe(15);
  });
});
