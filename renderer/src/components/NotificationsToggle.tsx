import { useState } from 'react';

/** Asks for notification permission only when the person chooses to. */
export function NotificationsToggle() {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported || permission !== 'default') return null;
  return (
    <button className="link" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Notify me when an agent needs me
    </button>
  );
}
