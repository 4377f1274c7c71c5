import { useActions, useApp } from '../app-context';
import { hostStateText } from '../host-status';

/** A host's name, how its link is, and what can be done about it. */
export function HostHeading({ name }: { name: string }) {
  const { reconnectHost, removeHost } = useActions();
  const host = useApp((s) => s.hosts.find((h) => h.name === name));
  const about = host ? `${host.destination}${host.version ? ` · Flotilla ${host.version}` : ''}` : undefined;
  return (
    <div className="host-head">
      <h2 className="host-name" title={about}>
        {name}
      </h2>
      <span className={`host-state host-${host?.state ?? 'unknown'}`} role="status">
        {host ? hostStateText(host) : 'not a known host'}
      </span>
      {host && (
        <span className="host-actions">
          <button
            type="button"
            className="secondary"
            aria-label={`Reconnect ${name}`}
            onClick={() => void reconnectHost(name)}
          >
            Reconnect
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={`Remove host ${name}`}
            onClick={() => void removeHost(name)}
          >
            Remove host
          </button>
        </span>
      )}
    </div>
  );
}
