import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useActions, useApp, useClient } from '../app-context';
import { ErrorText } from './ErrorText';

/** The palette's "Add host…" puts the keyboard here. */
const ADD_HOST_NAME_ID = 'add-host-name';

/** Adds another machine, reached over ssh. What was typed stays until the daemon accepts it. */
function AddHostFields({ onDone }: { onDone: () => void }) {
  const client = useClient();
  const { addHost } = useActions();
  const [name, setName] = useState('');
  const [destination, setDestination] = useState('');
  const [sshConfig, setSshConfig] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const ready = !!client && !pending && !!name.trim() && !!destination.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setPending(true);
    const config = sshConfig.trim();
    const result = await addHost({
      name: name.trim(),
      destination: destination.trim(),
      ...(config ? { sshConfig: config } : {}),
    });
    setPending(false);
    if (!result) return setError('Not connected to the Flotilla host yet: try again in a moment.');
    if (!result.ok) return setError(result.error.message);
    onDone();
  };

  /** Typing again clears the daemon's last word on what was wrong. */
  const edit = (set: (value: string) => void) => (e: ChangeEvent<HTMLInputElement>) => {
    set(e.target.value);
    setError(null);
  };

  return (
    <form
      className="add-host"
      aria-label="Add host"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onDone();
      }}
    >
      <label htmlFor={ADD_HOST_NAME_ID}>Name</label>
      <input
        id={ADD_HOST_NAME_ID}
        value={name}
        placeholder="devbox"
        autoFocus
        spellCheck={false}
        autoComplete="off"
        maxLength={40}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'add-host-error' : undefined}
        onChange={edit(setName)}
      />
      <label htmlFor="add-host-destination">Destination</label>
      <input
        id="add-host-destination"
        value={destination}
        placeholder="devbox or you@devbox.example"
        spellCheck={false}
        autoComplete="off"
        aria-describedby="add-host-destination-hint"
        onChange={edit(setDestination)}
      />
      <p id="add-host-destination-hint" className="hint muted">
        as ssh takes it: an alias from ~/.ssh/config or user@host
      </p>
      <label htmlFor="add-host-ssh-config">ssh config file</label>
      <input
        id="add-host-ssh-config"
        value={sshConfig}
        placeholder="optional"
        spellCheck={false}
        autoComplete="off"
        onChange={edit(setSshConfig)}
      />
      <div className="row">
        <button type="submit" disabled={!ready}>
          {pending ? 'Adding…' : 'Add this host'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
      <ErrorText id="add-host-error">{error}</ErrorText>
    </form>
  );
}

/** "Add host…" and, once asked (here or from the palette), its form. */
export function AddHostForm() {
  const open = useApp((s) => s.addHostOpen);
  const { setAddHostOpen } = useActions();
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setAddHostOpen(false);
    button.current?.focus();
  };
  return (
    <div className="add-host-area">
      <button
        ref={button}
        type="button"
        className="secondary"
        aria-expanded={open}
        onClick={() => setAddHostOpen(!open)}
      >
        Add host…
      </button>
      {open && <AddHostFields onDone={close} />}
    </div>
  );
}
