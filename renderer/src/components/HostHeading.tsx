import { useState } from 'react';
import { useActions, useApp } from '../app-context';
import { hostStateText } from '../host-status';
import { ErrorText } from './ErrorText';

/** The reason remote-client.ts's sshFailure gives when the remote command is not there. */
const NOT_INSTALLED = /^Flotilla is not installed on /;

/** A host's name, how its link is, and what can be done about it. */
export function HostHeading({ name }: { name: string }) {
  const { reconnectHost, removeHost, installHost } = useActions();
  const host = useApp((s) => s.hosts.find((h) => h.name === name));
  const [installing, setInstalling] = useState(false);
  const [installError, setInstallError] = useState<string | null>(null);
  const canInstall = host?.state === 'failed' && NOT_INSTALLED.test(host.reason ?? '');
  const install = async () => {
    setInstalling(true);
    setInstallError(null);
    const r = await installHost(name);
    setInstalling(false);
    if (!r) setInstallError('Not connected to the Flotilla host yet: try again in a moment.');
    else if (!r.ok) setInstallError(r.error.message);
  };
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
          {(canInstall || installing) && (
            <button
              type="button"
              aria-label={`Install Flotilla on ${name}`}
              disabled={installing}
              onClick={() => void install()}
            >
              {installing ? 'Installing…' : 'Install on this host'}
            </button>
          )}
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
      <ErrorText>{installError}</ErrorText>
    </div>
  );
}
