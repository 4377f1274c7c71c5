import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActions, useApp, useClient } from '../app-context';
import { focusTerminal } from '../terminal/terminal-registry';
import { projectColor } from './project-color';
import { sessionStatusText } from './session-status';
import { ErrorText } from './ErrorText';
import { CheckBadge, checkLabel } from '../checks/CheckBadge';
import { CheckSettings } from '../checks/CheckSettings';
import { SessionUsageText } from '../usage/SessionUsageText';

export function ProjectItem({ projectId }: { projectId: string }) {
  const client = useClient();
  const { startSession, removeProject, showSession, openTimeline, toggleTimeline } = useActions();
  const project = useApp((s) => s.projects.find((p) => p.id === projectId));
  const shell = useApp((s) => s.hostInfo?.defaultShell ?? 'your shell');
  const sessions = useApp(
    useShallow((s) => s.sessionOrder.map((id) => s.sessions[id]).filter((x) => x?.projectId === projectId)),
  );
  const unseen = useApp((s) => s.unseen);
  const timelineOpen = useApp((s) => s.timelineProjectId === projectId);
  const tiled = useApp((s) => s.layout.tiles);
  const presets = useApp((s) => s.presets);
  const check = useApp((s) => s.checks[projectId]);
  const [presetId, setPresetId] = useState('shell');
  const [command, setCommand] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!project) return null;
  const errorId = `start-error-${project.id}`;

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const submitted = command;
    const result = await startSession({ projectId, presetId, command: submitted });
    if (!result) return;
    if (!result.ok) return setError(result.error.message);
    setError(null);
    // Only clear what was sent: the person may have typed the next command meanwhile.
    setCommand((current) => (current === submitted ? '' : current));
  };

  const remove = async () => {
    const running = sessions.filter((s) => s.status !== 'exited').length;
    if (running && !window.confirm(`Remove ${project.name}? Its ${running} running session(s) will be ended.`)) return;
    const result = await removeProject(projectId);
    if (result && !result.ok) setError(result.error.message);
  };

  return (
    <li className="project" aria-label={project.name}>
      <div className="project-head">
        <span className="project-initial" aria-hidden="true" style={{ background: projectColor(project.id) }}>
          {project.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="project-name" title={project.path}>
          {project.name}
        </span>
        <span className={`tag ${project.isGitRepo ? 'tag-git' : 'tag-plain'}`}>
          {project.isGitRepo ? 'git' : 'not a git repository'}
        </span>
        {check && (
          <button
            className="icon check-latest"
            aria-label={`${checkLabel(check)}: ${check.subject} (open the timeline of ${project.name})`}
            onClick={() => openTimeline(projectId)}
          >
            <CheckBadge run={check} compact />
          </button>
        )}
        <button
          className="icon"
          aria-label={`Timeline of ${project.name}`}
          aria-pressed={timelineOpen}
          title="Commit timeline (Ctrl+Shift+G)"
          onClick={() => toggleTimeline(projectId)}
        >
          ⎇
        </button>
        <button className="icon" aria-label={`Remove project ${project.name}`} title="Remove project" onClick={remove}>
          ×
        </button>
      </div>
      <div className="project-path">{project.path}</div>
      {project.isGitRepo && <CheckSettings projectId={projectId} projectName={project.name} />}
      <form className="start-session" onSubmit={start}>
        <select aria-label={`Agent for ${project.name}`} value={presetId} onChange={(e) => setPresetId(e.target.value)}>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input
          aria-label={`Command for ${project.name}`}
          placeholder={presets.find((p) => p.id === presetId)?.command || shell}
          value={command}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setCommand(e.target.value);
            setError(null);
          }}
        />
        {/* The name starts with the visible word, so "click Start" works by voice. */}
        <button
          type="submit"
          disabled={!client}
          aria-label={`Start a new session in ${project.name}`}
          title="Start a new session"
        >
          Start
        </button>
      </form>
      <ErrorText id={errorId}>{error}</ErrorText>
      {sessions.length > 0 && (
        <ul className="session-list" aria-label={`Sessions of ${project.name}`}>
          {sessions.map((s) => (
            <li key={s.id}>
              <button
                className="session-link"
                onClick={() => {
                  showSession(s.id);
                  setTimeout(() => focusTerminal(s.id), 0);
                }}
              >
                {/* Named by what it shows (title, status in words), after a word only screen readers need. */}
                <span className="visually-hidden">Show </span>
                <span className={`dot dot-${s.status}`} aria-hidden="true" />
                {s.title}
                <span className="muted"> · {sessionStatusText(s)}</span>
                <SessionUsageText sessionId={s.id} className="muted session-usage" lead=" · " brief />
                {!tiled.includes(s.id) && <span className="muted"> · off-screen</span>}
                {unseen[s.id] && (
                  <span className="badge" title="Unseen output">
                    <span className="visually-hidden"> · unseen output</span>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
