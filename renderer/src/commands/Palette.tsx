import { Command } from 'cmdk';
import { useApp, useAppStoreApi, useClient } from '../app-context';
import { useLayoutSink } from '../layout/use-layout-sink';
import { showSession, toggleTimeline } from '../store/app-store';
import { focusTerminal } from '../terminal/terminal-registry';
import { COMMANDS, type CommandContext } from './commands';
import { loadBindings } from './keybindings';

/** Fuzzy jump to any session or project, and every other command (cmdk). */
export function Palette() {
  const store = useAppStoreApi();
  const client = useClient();
  const send = useLayoutSink();
  const open = useApp((s) => s.paletteOpen);
  const sessions = useApp((s) => s.sessions);
  const order = useApp((s) => s.sessionOrder);
  const projects = useApp((s) => s.projects);
  const ctx: CommandContext = { store, client, send };
  const bindings = loadBindings();
  const close = () => store.setState({ paletteOpen: false });
  const run = (fn: () => void) => {
    close();
    fn();
  };
  const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? '?';

  return (
    <Command.Dialog open={open} onOpenChange={(o) => store.setState({ paletteOpen: o })} label="Command palette" className="palette">
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
                    showSession(store, send, id);
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
            <Command.Item key={p.id} value={`project timeline ${p.name} ${p.path}`} onSelect={() => run(() => toggleTimeline(store, p.id))}>
              Timeline of {p.name}
            </Command.Item>
          ))}
        </Command.Group>
        <Command.Group heading="Commands">
          {COMMANDS.filter((c) => c.id !== 'palette.open').map((c) => (
            <Command.Item key={c.id} value={`${c.title} ${(c.keywords ?? []).join(' ')}`} onSelect={() => run(() => c.run(ctx))}>
              {c.title}
              {bindings[c.id] && <kbd>{bindings[c.id]}</kbd>}
            </Command.Item>
          ))}
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
