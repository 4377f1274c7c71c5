/** What reading a screen needs of an xterm: the browser's and the headless one both fit. */
export interface ReadableTerminal {
  readonly rows: number;
  readonly buffer: {
    readonly active: {
      readonly viewportY: number;
      getLine(y: number): { translateToString(trimRight?: boolean): string } | undefined;
    };
  };
}

/** The rows a person sees right now, as plain text. */
export function visibleRows(term: ReadableTerminal): string[] {
  const { active } = term.buffer;
  return Array.from(
    { length: term.rows },
    (_, y) => active.getLine(active.viewportY + y)?.translateToString(true) ?? '',
  );
}
