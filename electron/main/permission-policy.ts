/**
 * What the app's page may ask Electron for. Pure (no electron import) so it is tested directly.
 * Notifications ("an agent needs you") and clipboard writes (copy from a terminal); nothing
 * else, and nothing for any page but the app's own.
 */
const ALLOWED = new Set(['notifications', 'clipboard-sanitized-write']);

export function allowPermission(permission: string, requestingUrl: string, appPageUrl: string): boolean {
  return ALLOWED.has(permission) && withoutQuery(requestingUrl) === appPageUrl;
}

function withoutQuery(url: string): string {
  return url.split(/[?#]/)[0];
}

/** Whether a message comes from the app's own page in its main frame (not a subframe, not another page). */
export function isAppMainFrame(
  frame: { url: string; parent: unknown } | null | undefined,
  appPageUrl: string,
): boolean {
  return !!frame && frame.parent === null && withoutQuery(frame.url) === appPageUrl;
}
