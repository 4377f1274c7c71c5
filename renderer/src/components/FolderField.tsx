import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useActions, useClient } from '../app-context';

const DEBOUNCE_MS = 60;

/**
 * The project path field: a combobox that completes folder names as you type (the host lists
 * them, `~` allowed) and, while empty, offers recently added folders. ↑/↓ pick, Tab or Enter
 * takes the picked one, Esc closes; Enter with nothing picked submits the form.
 */
export function FolderField({
  value,
  host,
  onChange,
  invalid,
  describedBy,
}: {
  value: string;
  /** The host whose folders are offered (undefined: this machine). */
  host?: string;
  onChange: (value: string) => void;
  invalid: boolean;
  describedBy?: string;
}) {
  const client = useClient();
  const { suggestFolders } = useActions();
  const listId = useId();
  const [options, setOptions] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const asked = useRef(0);

  useEffect(() => {
    if (!client || !open) return;
    const mine = ++asked.current;
    const timer = setTimeout(async () => {
      const r = await suggestFolders(value, host);
      // An answer to an older keystroke never replaces a newer one.
      if (mine !== asked.current) return;
      setOptions(r?.ok ? r.value.filter((f) => f !== value && f !== value.replace(/\/$/, '')) : []);
      setActive(-1);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, suggestFolders, value, host, open]);

  const shown = open && options.length > 0;
  const take = (folder: string) => {
    onChange(folder.endsWith('/') ? folder : `${folder}/`);
    setActive(-1);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!shown) return setOpen(true);
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // -1 is the field itself: past either end, back to what was typed.
      setActive((i) => {
        const next = i + step;
        return next < -1 ? options.length - 1 : next >= options.length ? -1 : next;
      });
    } else if ((e.key === 'Enter' || e.key === 'Tab') && shown && active >= 0 && active < options.length) {
      e.preventDefault();
      take(options[active]);
    } else if (e.key === 'Tab' && shown && options.length === 1) {
      e.preventDefault();
      take(options[0]);
    } else if (e.key === 'Escape' && shown) {
      e.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div className="folder-field">
      <input
        id="add-project-path"
        type="text"
        role="combobox"
        aria-label="Project folder path"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 && active < options.length ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        value={value}
        placeholder="/home/you/code/app or ~/code/app"
        spellCheck={false}
        autoComplete="off"
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {shown && (
        <ul
          id={listId}
          role="listbox"
          aria-label={value.trim() ? 'Matching folders' : 'Recent folders'}
          className="folder-options"
        >
          {options.map((folder, i) => (
            <li
              key={folder}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // Before the input's blur: a click picks, then the field keeps focus.
              onMouseDown={(e) => {
                e.preventDefault();
                take(folder);
              }}
            >
              {folder}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
