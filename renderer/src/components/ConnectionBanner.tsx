import { useApp } from '../app-context';

export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  const everConnected = useApp((s) => s.hostInfo !== null);
  const error = useApp((s) => s.connectionError);
  if (connection === 'open') return null;
  const text = error
    ? `${error} Retrying…`
    : connection === 'connecting' && !everConnected
      ? 'Connecting to the Flotilla host…'
      : 'Lost the connection to the Flotilla host. Reconnecting… (your sessions keep running)';
  return (
    <div className={`banner banner-${connection}`} role={error ? 'alert' : 'status'}>
      {text}
    </div>
  );
}
