/** A key the phone's buttons press: what it shows, a name where that is a symbol, and its bytes. */
export interface PhoneKey {
  label: string;
  /** The accessible name where the label is a symbol (an arrow); otherwise the label is the name. */
  name?: string;
  /** The bytes a keyboard would send; arrows depend on the terminal's cursor-key mode. */
  bytes(applicationCursor: boolean): string;
}

const arrow = (final: string) => (app: boolean) => (app ? `\x1bO${final}` : `\x1b[${final}`);
const plain = (bytes: string) => () => bytes;

export const KEYS = {
  esc: { label: 'Esc', bytes: plain('\x1b') },
  tab: { label: 'Tab', bytes: plain('\t') },
  ctrlC: { label: 'Ctrl-C', bytes: plain('\x03') },
  enter: { label: 'Enter', bytes: plain('\r') },
  up: { label: '↑', name: 'Up arrow', bytes: arrow('A') },
  down: { label: '↓', name: 'Down arrow', bytes: arrow('B') },
  right: { label: '→', name: 'Right arrow', bytes: arrow('C') },
  left: { label: '←', name: 'Left arrow', bytes: arrow('D') },
  one: { label: '1', bytes: plain('1') },
  two: { label: '2', bytes: plain('2') },
  three: { label: '3', bytes: plain('3') },
} satisfies Record<string, PhoneKey>;

/** The key bar under every session: the keys phone keyboards lack. */
export const KEY_BAR: PhoneKey[] = [KEYS.esc, KEYS.tab, KEYS.ctrlC, KEYS.left, KEYS.up, KEYS.down, KEYS.right];

/** The large buttons while a session needs input: the keys an agent's dialog expects. */
export const ANSWER_KEYS: PhoneKey[] = [KEYS.one, KEYS.two, KEYS.three, KEYS.enter, KEYS.esc, KEYS.up, KEYS.down];
