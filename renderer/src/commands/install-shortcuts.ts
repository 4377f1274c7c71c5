import { onMainCommand } from '../host-client/main-bridge';
import type { AppStore } from '../store/app-store';
import { COMMANDS } from './commands';
import { ALSO_BINDINGS, chordOf, loadBindings, normalize } from './keybindings';

/**
 * App shortcuts, caught before xterm sees them (capture phase); everything else reaches the
 * terminal. The desktop app's menu runs the same commands by id.
 */
export function installShortcuts(store: AppStore): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey || e.altKey)) return;
    const chord = chordOf(e);
    const bindings = loadBindings();
    const command =
      COMMANDS.find((c) => bindings[c.id] && normalize(bindings[c.id]) === chord) ??
      COMMANDS.find((c) => ALSO_BINDINGS[c.id]?.some((b) => normalize(b) === chord));
    if (!command) return;
    e.preventDefault();
    e.stopPropagation();
    command.run(store);
  };
  window.addEventListener('keydown', onKeyDown, true);
  const stopMenu = onMainCommand((id) => COMMANDS.find((c) => c.id === id)?.run(store));
  return () => {
    window.removeEventListener('keydown', onKeyDown, true);
    stopMenu();
  };
}
