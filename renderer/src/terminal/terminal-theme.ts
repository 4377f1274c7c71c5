import type { ITheme } from '@xterm/xterm';

const darkTheme: ITheme = {
  background: '#14161a',
  foreground: '#d8dee9',
  cursor: '#e5c07b',
  selectionBackground: '#3b4252',
};

const lightTheme: ITheme = {
  background: '#fbfbfc',
  foreground: '#1f2430',
  cursor: '#9a6a00',
  selectionBackground: '#cfd6e4',
  black: '#1f2430',
  white: '#6b7280',
  brightWhite: '#374151',
  yellow: '#8a6100',
  brightYellow: '#9a6a00',
};

const query = () => window.matchMedia?.('(prefers-color-scheme: light)');

/** The theme that follows the OS; `onChange` hears when it flips. */
export function currentTheme(): ITheme {
  return query()?.matches ? lightTheme : darkTheme;
}

export function onThemeChange(listener: (theme: ITheme) => void): () => void {
  const q = query();
  if (!q) return () => {};
  const handler = () => listener(currentTheme());
  q.addEventListener('change', handler);
  return () => q.removeEventListener('change', handler);
}

export const terminalOptions = {
  fontFamily: 'ui-monospace, "SF Mono", Menlo, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 13,
  scrollback: 5000,
  cursorBlink: true,
  allowProposedApi: true,
} as const;
