import { Terminal } from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';
import { visibleRows } from '../../common/visible-rows';
import type { Disposable } from '../../common/lifecycle';

/** Lines of scrollback a tile gets back at once when it attaches. */
export const MIRROR_SCROLLBACK = 1000;

/**
 * The host's own headless xterm for one session: it sees every byte, so a tile that attaches
 * late gets the rendered screen and recent scrollback at once, and status detection can read
 * the screen instead of raw escape codes.
 */
export class TerminalMirror implements Disposable {
  private readonly term: Terminal;
  private readonly serializer = new SerializeAddon();
  private currentTitle = '';

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: MIRROR_SCROLLBACK, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
    this.term.onTitleChange((title) => (this.currentTitle = title));
  }

  readonly onBell = (listener: () => void): Disposable => this.term.onBell(listener);
  readonly onTitleChange = (listener: (title: string) => void): Disposable => this.term.onTitleChange(listener);

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  get title(): string {
    return this.currentTitle;
  }

  get bracketedPasteMode(): boolean {
    return this.term.modes.bracketedPasteMode;
  }

  /** `parsed` runs once xterm has parsed this data: the mirror's acknowledgement. */
  write(data: string, parsed?: () => void): void {
    this.term.write(data, parsed);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  /**
   * Everything written before this call, as escape sequences that repaint it. Waiting on an
   * empty write's callback makes the snapshot end exactly at this point of the stream.
   */
  snapshot(scrollback = MIRROR_SCROLLBACK): Promise<string> {
    return new Promise((resolve) => {
      this.term.write('', () => resolve(this.serializer.serialize({ scrollback })));
    });
  }

  /** The screen as text once everything written so far is parsed. */
  settledText(): Promise<string[]> {
    return new Promise((resolve) => this.term.write('', () => resolve(this.screenText())));
  }

  /** The visible screen as plain text lines (what a person would read). */
  screenText(): string[] {
    return visibleRows(this.term);
  }

  dispose(): void {
    this.term.dispose();
  }
}
