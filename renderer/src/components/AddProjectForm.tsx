import { useState, type FormEvent } from 'react';
import { useClient } from '../app-context';
import { ErrorText } from './ErrorText';

/** Add a project by folder path. What was typed stays in the field until the host accepts it. */
export function AddProjectForm() {
  const client = useClient();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!client || !path.trim()) return;
    setPending(true);
    const submitted = path;
    const result = await client.request('projects.add', { path: submitted.trim() });
    setPending(false);
    if (result.ok) {
      // Only clear what was sent: the person may have typed the next path meanwhile.
      setPath((current) => (current === submitted ? '' : current));
      setError(null);
    } else {
      setError(result.error.message);
    }
  };

  return (
    <form className="add-project" onSubmit={submit} aria-label="Add project">
      <label htmlFor="add-project-path">Project folder path</label>
      <div className="row">
        <input
          id="add-project-path"
          type="text"
          value={path}
          placeholder="/home/you/code/app or ~/code/app"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'add-project-error' : undefined}
          onChange={(e) => {
            setPath(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" disabled={!client || pending || !path.trim()}>
          {pending ? 'Adding…' : 'Add project'}
        </button>
      </div>
      <ErrorText id="add-project-error">{error}</ErrorText>
    </form>
  );
}
