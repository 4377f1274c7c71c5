import { useEffect, useSyncExternalStore } from 'react';

/** Below this width the window shows the phone layout: one session at a time, full width. */
export const PHONE_QUERY = '(max-width: 700px)';

const query = () => (typeof window !== 'undefined' ? window.matchMedia?.(PHONE_QUERY) : undefined);

function subscribe(onChange: () => void): () => void {
  const q = query();
  if (!q) return () => {};
  q.addEventListener('change', onChange);
  return () => q.removeEventListener('change', onChange);
}

/** True while the window is phone-sized; the whole React tree switches on it, not only the CSS. */
export function usePhoneLayout(): boolean {
  return useSyncExternalStore(subscribe, () => !!query()?.matches);
}

/**
 * Keeps `--phone-height` at the visible viewport's height (the page minus the on-screen
 * keyboard), so the composer docked at the bottom stays above the keyboard.
 */
export function useVisibleHeight(): void {
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const root = document.documentElement;
    const update = () => {
      root.style.setProperty('--phone-height', `${Math.round(vv.height)}px`);
      root.style.setProperty('--phone-top', `${Math.round(vv.offsetTop)}px`);
    };
    update();
    vv.addEventListener('resize', update);
    vv.addEventListener('scroll', update);
    return () => {
      vv.removeEventListener('resize', update);
      vv.removeEventListener('scroll', update);
      root.style.removeProperty('--phone-height');
      root.style.removeProperty('--phone-top');
    };
  }, []);
}
