import { useApp, useAppStoreApi } from '../app-context';
import { COMMANDS } from '../commands/commands';
import { loadBindings, normalize } from '../commands/keybindings';
import { sessionsNeedingYou } from '../needs-you';

/** How many sessions wait for the person; a click (or the shortcut) goes to the next. */
export function NeedsYouButton() {
  const store = useAppStoreApi();
  const count = useApp((s) => sessionsNeedingYou(s).length);
  if (!count) return null;
  const run = () => COMMANDS.find((c) => c.id === 'attention.next')!.run(store);
  const keys = normalize(loadBindings()['attention.next'] ?? '');
  return (
    <button className="needs-you" onClick={run} aria-label={`${count} waiting for you: go to the next (${keys})`}>
      {count} waiting for you
    </button>
  );
}
