import { Command } from 'cmdk';
import { useEffect } from 'react';
import { useApp, useAppStoreApi } from '../app-context';
import { focusTerminal } from '../terminal/terminal-registry';
import { COMMANDS } from './commands';
import { loadBindings } from './keybindings';

/** Fuzzy jump to any session or project, and every other command (cmdk). */
export function Palette() {
  const store = useAppStoreApi();
  const open = useApp((s) => s.paletteOpen);
  const sessions = useApp((s) => s.sessions);
  const order = useApp((s) => s.sessionOrder);
  const projects = useApp((s) => s.projects);
  const showSession = useApp((s) => s.showSession);
  const toggleTimeline = useApp((s) => s.toggleTimeline);
  const setPaletteOpen = useApp((s) => s.setPaletteOpen);
  const bindings = loadBindings();
  const close = () => setPaletteOpen(false);
  const run = (fn: () => void) => {
    close();
    fn();
  };
  const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? '?';

  // The dialog hides the window behind it from screen readers (aria-hidden); inert takes its
  // controls out of the focus order too, so nothing hidden can be reached while the palette is open.
  useEffect(() => {
    const root = document.getElementById('root');
    if (!open || !root) return;
    root.inert = true;
    return () => {
      root.inert = false;
    };
  }, [open]);

  return (
    <Command.Dialog open={open} onOpenChange={setPaletteOpen} label="Command palette" className="palette">
      <Command.Input aria-label="Command palette" placeholder="Jump to a session or project, or type a command…" />
      <Command.List>
        <Command.Empty>Nothing matches.</Command.Empty>
        <Command.Group heading="Sessions">
          {order.map((id) => {
            const s = sessions[id];
            if (!s) return null;
            const name = `${projectName(s.projectId)} · ${s.title}`;
            return (
              <Command.Item
                key={id}
                value={`session ${name} ${s.argv.join(' ')}`}
                onSelect={() =>
                  run(() => {
                    showSession(id);
                    setTimeout(() => focusTerminal(id), 0);
                  })
                }
              >
                {name} <span className="muted">{s.status}</span>
              </Command.Item>
            );
          })}
        </Command.Group>
        <Command.Group heading="Projects">
          {projects.map((p) => (
            <Command.Item
              key={p.id}
              value={`project timeline ${p.name} ${p.path}`}
              onSelect={() => run(() => toggleTimeline(p.id))}
            >
              Timeline of {p.name}
            </Command.Item>
          ))}
        </Command.Group>
        <Command.Group heading="Commands">
          {COMMANDS.filter((c) => c.id !== 'palette.open').map((c) => (
            <Command.Item
              key={c.id}
              value={`${c.title} ${(c.keywords ?? []).join(' ')}`}
              onSelect={() => run(() => c.run(store))}
            >
              {c.title}
              {bindings[c.id] && <kbd>{bindings[c.id]}</kbd>}
            </Command.Item>
          ))}
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
