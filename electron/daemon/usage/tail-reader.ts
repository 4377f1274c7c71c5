import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** One buffer for every reader: a read is synchronous and decodes what it read before it returns. */
const chunk = Buffer.allocUnsafe(64 * 1024);
/** A partial line longer than this is dropped up to its newline, so one runaway line cannot grow memory. */
export const MAX_LINE_BYTES = 8 * 2 ** 20;

export interface TailReaderOptions {
  /** Read at most this many bytes per call (the rest the next time), so a large file is taken in slices. */
  maxBytesPerRead?: number;
}

/**
 * The lines appended to one file since the last look: an agent's own JSONL record, read from where
 * the previous call stopped. A file that shrank or was replaced (another inode) is read again from
 * its start; a missing one reads as nothing.
 */
export class TailReader {
  private offset = 0;
  private inode: number | null = null;
  private decoder = new StringDecoder('utf8');
  private partial = '';
  private partialBytes = 0;
  private dropping = false;
  private readTotal = 0;
  private reachedEnd = true;
  private readonly budget: number;

  constructor(
    readonly path: string,
    options: TailReaderOptions = {},
  ) {
    this.budget = options.maxBytesPerRead ?? Infinity;
  }

  /** Bytes read from disk over this reader's life (the cost of its reads). */
  get bytesRead(): number {
    return this.readTotal;
  }

  /** The last call read up to the end of the file (false: the byte budget stopped it first). */
  get atEnd(): boolean {
    return this.reachedEnd;
  }

  read(): string[] {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const { ino, size } = fstatSync(fd);
      if (ino !== this.inode || size < this.offset) this.restart(ino);
      const lines: string[] = [];
      let left = this.budget;
      while (this.offset < size && left > 0) {
        const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - this.offset, left), this.offset);
        if (n === 0) break;
        this.offset += n;
        this.readTotal += n;
        left -= n;
        this.split(this.decoder.write(chunk.subarray(0, n)), lines);
      }
      this.reachedEnd = this.offset >= size;
      return lines;
    } finally {
      closeSync(fd);
    }
  }

  private restart(inode: number): void {
    this.inode = inode;
    this.offset = 0;
    this.decoder = new StringDecoder('utf8');
    this.partial = '';
    this.partialBytes = 0;
    this.dropping = false;
  }

  private split(text: string, lines: string[]): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      if (!this.dropping) lines.push(this.partial + text.slice(start, newline));
      this.partial = '';
      this.partialBytes = 0;
      this.dropping = false;
      start = newline + 1;
    }
    if (this.dropping || start === text.length) return;
    const rest = text.slice(start);
    this.partialBytes += Buffer.byteLength(rest);
    if (this.partialBytes > MAX_LINE_BYTES) {
      this.partial = '';
      this.partialBytes = 0;
      this.dropping = true;
    } else {
      this.partial += rest;
    }
  }
}
