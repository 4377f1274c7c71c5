import { useEffect } from 'react';
import { useApp, useAppStoreApi } from '../app-context';
import { dismissNotice } from '../store/app-store';

/** Each message stays this long unless dismissed first. */
const SHOWN_MS = 10_000;

function Notice({ id, text }: { id: number; text: string }) {
  const store = useAppStoreApi();
  useEffect(() => {
    const timer = setTimeout(() => dismissNotice(store, id), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [store, id]);
  return (
    <div className="notice" role="alert">
      <span>{text}</span>
      <button className="icon" aria-label={`Dismiss: ${text}`} onClick={() => dismissNotice(store, id)}>
        ×
      </button>
    </div>
  );
}

/** What the host said went wrong with something the person did, where they will see it. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  return (
    <section className="notices" aria-label="Messages">
      {notices.map((n) => (
        <Notice key={n.id} id={n.id} text={n.text} />
      ))}
    </section>
  );
}
