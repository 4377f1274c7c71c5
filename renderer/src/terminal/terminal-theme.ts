import type { ITheme } from '@xterm/xterm';

export const darkTheme: ITheme = {
  background: '#14161a',
  foreground: '#d8dee9',
  cursor: '#e5c07b',
  selectionBackground: '#3b4252',
};

export const terminalOptions = {
  fontFamily: 'ui-monospace, "SF Mono", Menlo, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 13,
  scrollback: 5000,
  cursorBlink: true,
  allowProposedApi: true,
  theme: darkTheme,
} as const;
