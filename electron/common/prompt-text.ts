/**
 * Control characters a prompt may not type into an agent: every C0 control but tab and newline
 * (ESC among them: it could end a bracketed paste early and press keys), DEL and the C1 controls
 * (0x9b is a CSI of its own to some terminals).
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const lineEnds = (text: string) => text.replace(/\r\n?/g, '\n');

/** A prompt as it will be typed: line ends as \n, no control characters but \n and \t. */
export function promptText(text: string): string {
  return lineEnds(text).replace(CONTROL, '');
}

/** The control characters promptText removes from `text`, in order. */
export function removedControls(text: string): string[] {
  return lineEnds(text).match(CONTROL) ?? [];
}

/** A visible stand-in for a removed control character: its Unicode control picture (␛, ␇, ␡), else its code point. */
export function controlSymbol(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** `text` with each control character promptText would remove shown as its symbol. */
export function showControls(text: string): string {
  return lineEnds(text).replace(CONTROL, controlSymbol);
}
