import { useEffect, useState } from 'react';

/** The time, renewed every `everyMs`: for "today or another day" and a plot that reaches now. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
