const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Default keys. On macOS Cmd never reaches terminal programs, so Cmd+K/T/F are free; elsewhere
 * Ctrl+K, Ctrl+T and Ctrl+F are readline's kill-line, transpose and forward-char, so those
 * commands take Ctrl+Shift there. Ctrl+digits and Ctrl+Enter are unused by common terminal programs.
 */
export const DEFAULT_BINDINGS: Record<string, string> = {
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`tile.focus.${i + 1}`, `Mod+${i + 1}`])),
  'project.previous': 'Mod+Shift+[',
  'project.next': 'Mod+Shift+]',
  'tile.maximize': 'Mod+Enter',
  'palette.open': IS_MAC ? 'Mod+K' : 'Ctrl+Shift+K',
  'session.new': IS_MAC ? 'Mod+T' : 'Ctrl+Shift+T',
  'tile.search': IS_MAC ? 'Mod+F' : 'Ctrl+Shift+F',
  'queue.toggle': 'Mod+Shift+Q',
  // Ctrl+J is a newline in terminals and agents: elsewhere it takes Shift.
  'attention.next': IS_MAC ? 'Mod+J' : 'Ctrl+Shift+J',
  'timeline.toggle': 'Mod+Shift+G',
  'tile.moveLeft': 'Mod+Alt+ArrowLeft',
  'tile.moveRight': 'Mod+Alt+ArrowRight',
  // As in every terminal: Ctrl/Cmd + = / − / 0 zoom the terminals' text in, out and back.
  'terminal.zoomIn': 'Mod+=',
  'terminal.zoomOut': 'Mod+-',
  'terminal.zoomReset': 'Mod+0',
};

/** Other keys that run a command too, whatever its binding: Ctrl++ (Shift+=) and the keypad's. */
export const ALSO_BINDINGS: Record<string, string[]> = {
  'terminal.zoomIn': ['Mod+Shift+=', 'Mod+NumpadAdd'],
  'terminal.zoomOut': ['Mod+NumpadSubtract'],
  'terminal.zoomReset': ['Mod+Numpad0'],
};

const STORAGE_KEY = 'flotilla.keybindings';

/** The defaults with the person's overrides (Keyboard shortcuts in the sidebar). */
export function loadBindings(): Record<string, string> {
  try {
    return {
      ...DEFAULT_BINDINGS,
      ...(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, string>),
    };
  } catch {
    return { ...DEFAULT_BINDINGS };
  }
}

export function saveOverride(commandId: string, chord: string | null): void {
  const overrides = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, string>;
  if (chord === null) delete overrides[commandId];
  else overrides[commandId] = chord;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(overrides));
}

const CODE_NAMES: Record<string, string> = {
  BracketLeft: '[',
  BracketRight: ']',
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  Equal: '=',
  Minus: '-',
};

/** The chord a key event makes, e.g. "Ctrl+Shift+K"; Mod is Cmd on macOS and Ctrl elsewhere. */
export function chordOf(e: KeyboardEvent): string {
  const key = e.code.startsWith('Key')
    ? e.code.slice(3)
    : e.code.startsWith('Digit')
      ? e.code.slice(5)
      : (CODE_NAMES[e.code] ?? e.code);
  return [e.ctrlKey && 'Ctrl', e.metaKey && 'Meta', e.altKey && 'Alt', e.shiftKey && 'Shift', key]
    .filter(Boolean)
    .join('+');
}

/** "Mod+Shift+K" → the chord chordOf() produces on this platform. */
export function normalize(binding: string): string {
  const parts = binding.split('+').map((p) => (p === 'Mod' ? (IS_MAC ? 'Meta' : 'Ctrl') : p === 'Cmd' ? 'Meta' : p));
  const key = parts.pop() ?? '';
  const order = ['Ctrl', 'Meta', 'Alt', 'Shift'];
  return [...order.filter((m) => parts.includes(m)), key.length === 1 ? key.toUpperCase() : key].join('+');
}
