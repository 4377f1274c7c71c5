import { COMMANDS, type CommandContext } from './commands';
import { chordOf, loadBindings, normalize } from './keybindings';

/** App shortcuts, caught before xterm sees them (capture phase); everything else reaches the terminal. */
export function installShortcuts(context: () => CommandContext): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey || e.altKey)) return;
    const chord = chordOf(e);
    const bindings = loadBindings();
    const command = COMMANDS.find((c) => bindings[c.id] && normalize(bindings[c.id]) === chord);
    if (!command) return;
    e.preventDefault();
    e.stopPropagation();
    command.run(context());
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
