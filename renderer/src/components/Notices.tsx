import { useEffect } from 'react';
import { useApp } from '../app-context';
import type { Notice } from '../store/notices-slice';

/** Each message stays this long unless dismissed first (a sticky one until dismissed). */
const SHOWN_MS = 10_000;

function NoticeRow({ id, text, sticky }: Notice) {
  const dismissNotice = useApp((s) => s.dismissNotice);
  useEffect(() => {
    if (sticky) return;
    const timer = setTimeout(() => dismissNotice(id), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [dismissNotice, id, sticky]);
  return (
    <div className="notice" role="alert">
      <span>{text}</span>
      <button className="icon" aria-label={`Dismiss: ${text}`} onClick={() => dismissNotice(id)}>
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
        <NoticeRow key={n.id} {...n} />
      ))}
    </section>
  );
}
