import { useState, type FormEvent } from 'react';
import { useActions, useClient } from '../app-context';
import { inDesktopApp, requestMain } from '../host-client/main-bridge';
import { ErrorText } from './ErrorText';
import { FolderField } from './FolderField';

/** Add a project by folder path. What was typed stays in the field until the host accepts it. */
export function AddProjectForm() {
  const client = useClient();
  const { addProject } = useActions();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!client || !path.trim()) return;
    setPending(true);
    const submitted = path;
    const result = await addProject(submitted.trim());
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
      <label htmlFor="add-project-path">Project folder path</label>
      <div className="row">
        <FolderField
          value={path}
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
      {inDesktopApp() && (
        <button type="button" className="secondary" onClick={() => void openFolder()}>
          Open folder…
        </button>
      )}
      <ErrorText id="add-project-error">{error}</ErrorText>
    </form>
  );
}
