import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions, useApp, useClient } from '../app-context';
import { inDesktopApp, requestMain } from '../host-client/main-bridge';
import { ErrorText } from './ErrorText';
import { FolderField } from './FolderField';

/**
 * Add a project by folder path, on this machine or (once there are hosts) on a host. What was
 * typed stays in the field until the host accepts it.
 */
export function AddProjectForm() {
  const client = useClient();
  const { addProject } = useActions();
  const hostNames = useApp(useShallow((s) => s.hosts.map((h) => h.name)));
  const [picked, setPicked] = useState('');
  // A host removed meanwhile is no longer offered: back to this machine.
  const host = hostNames.includes(picked) ? picked : '';
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!client || !path.trim()) return;
    setPending(true);
    const submitted = path;
    const result = await addProject(submitted.trim(), host || undefined);
    setPending(false);
    if (!result) return;
    if (result.ok) {
      // Only clear what was sent: the person may have typed the next path meanwhile.
      setPath((current) => (current === submitted ? '' : current));
      setError(null);
    } else {
      setError(result.error.message);
    }
  };

  /** The native folder dialog (desktop app): a picked folder goes into the field, ready to add. */
  const openFolder = async () => {
    const folder = await requestMain<string>('dialog.openFolder');
    if (folder) {
      setPath(folder);
      setError(null);
    }
  };

  return (
    <form className="add-project" onSubmit={submit} aria-label="Add project">
      {hostNames.length > 0 && (
        <>
          <label htmlFor="add-project-host">Host</label>
          <select
            id="add-project-host"
            value={host}
            onChange={(e) => {
              setPicked(e.target.value);
              setError(null);
            }}
          >
            <option value="">This machine</option>
            {hostNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="add-project-path">Project folder path</label>
      <div className="row">
        <FolderField
          value={path}
          host={host || undefined}
          invalid={!!error}
          describedBy={error ? 'add-project-error' : undefined}
          onChange={(value) => {
            setPath(value);
            setError(null);
          }}
        />
        <button type="submit" disabled={!client || pending || !path.trim()}>
          {pending ? 'Adding…' : 'Add project'}
        </button>
      </div>
      {/* The folder dialog shows this machine's folders only. */}
      {inDesktopApp() && !host && (
        <button type="button" className="secondary" onClick={() => void openFolder()}>
          Open folder…
        </button>
      )}
      <ErrorText id="add-project-error">{error}</ErrorText>
    </form>
  );
}
