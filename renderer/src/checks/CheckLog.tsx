import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import type { CheckRun } from '../../../electron/common/checks';
import { useActions, useClient } from '../app-context';
import { ErrorText } from '../components/ErrorText';

/**
 * A check's output with its colours, in a read-only terminal; live while the check runs (the
 * output the host sends after the log it answered with, in order on one connection).
 */
export function CheckLog({ run, onClose }: { run: CheckRun; onClose(): void }) {
  const client = useClient();
  const { followCheckLog } = useActions();
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!client || !box.current) return;
    const term = new Terminal({
      cols: 120,
      rows: 30,
      scrollback: 20_000,
      disableStdin: true,
      cursorBlink: false,
      fontSize: 12,
    });
    term.open(box.current);
    const unfollow = followCheckLog(run.id, {
      log: (text) => term.write(text || '\x1b[2m(no output)\x1b[0m'),
      output: (data) => term.write(data),
      failed: setError,
    });
    return () => {
      unfollow();
      term.dispose();
    };
  }, [client, followCheckLog, run.id]);

  return (
    <div
      className="check-log"
      role="dialog"
      aria-label={`Log of the check of ${run.commit.slice(0, 8)}`}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="row">
        <strong>
          <code>{run.command}</code> on {run.commit.slice(0, 8)} “{run.subject}”
        </strong>
        <span className="spacer" />
        <button onClick={onClose} autoFocus>
          Close the log
        </button>
      </div>
      <ErrorText>{error}</ErrorText>
      <div className="check-log-terminal" ref={box} />
    </div>
  );
}
