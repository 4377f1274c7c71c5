const KEY = 'flotilla.renderer';

/**
 * WebGL unless asked otherwise: `?renderer=dom` in the URL (tests read terminal text from the
 * DOM renderer) or the stored choice. A lost WebGL context falls back to the DOM by itself.
 */
export function wantsWebgl(): boolean {
  const fromUrl = new URLSearchParams(location.search).get('renderer');
  const choice = fromUrl ?? localStorage.getItem(KEY);
  return choice !== 'dom';
}
