import type { Terminal } from '@xterm/xterm';

/**
 * WebGL when the GPU allows it (loaded on demand); xterm's DOM renderer until then, where WebGL
 * is unavailable, and after a lost context.
 */
export async function loadWebgl(term: Terminal, alive: () => boolean): Promise<void> {
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    if (!alive()) return;
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch {
    // No WebGL here (headless, blocklisted GPU): the DOM renderer stays.
  }
}
