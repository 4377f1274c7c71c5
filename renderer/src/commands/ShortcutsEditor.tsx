import { useState } from 'react';
import { COMMANDS } from './commands';
import { DEFAULT_BINDINGS, loadBindings, saveOverride } from './keybindings';

/** Every shortcut, each overridable (kept in this browser or window). */
export function ShortcutsEditor() {
  const [bindings, setBindings] = useState(loadBindings);
  const update = (id: string, chord: string) => {
    saveOverride(id, chord.trim() && chord.trim() !== DEFAULT_BINDINGS[id] ? chord.trim() : null);
    setBindings(loadBindings());
  };
  return (
    <details className="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <p className="muted">
        Mod is Cmd on macOS and Ctrl elsewhere. Edit a field and press Enter; empty restores the default.
      </p>
      <table>
        <tbody>
          {COMMANDS.map((c) => (
            <tr key={c.id}>
              <td>{c.title}</td>
              <td>
                <input
                  aria-label={`Shortcut for ${c.title}`}
                  defaultValue={bindings[c.id] ?? ''}
                  key={bindings[c.id] ?? ''}
                  onKeyDown={(e) => e.key === 'Enter' && update(c.id, e.currentTarget.value)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
