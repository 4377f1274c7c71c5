import { describe, expect, it } from 'vitest';
import { allowPermission, isAppMainFrame } from '../../electron/main/permission-policy';

const PAGE = 'file:///opt/Flotilla/resources/app.asar/out/renderer/index.html';

describe('Electron permission policy', () => {
  it('grants the app page notifications and clipboard writes, and nothing else', () => {
    expect(allowPermission('notifications', `${PAGE}?renderer=dom`, PAGE)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', PAGE, PAGE)).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'midi',
      'pointerLock',
      'hid',
      'serial',
      'usb',
    ]) {
      expect(allowPermission(p, PAGE, PAGE), p).toBe(false);
    }
  });

  it('grants nothing to any other page', () => {
    expect(allowPermission('notifications', 'https://example.com/', PAGE)).toBe(false);
    expect(allowPermission('notifications', 'file:///tmp/evil.html', PAGE)).toBe(false);
  });

  it('the host port and main requests go only to the app page’s main frame', () => {
    expect(isAppMainFrame({ url: `${PAGE}?renderer=dom`, parent: null }, PAGE)).toBe(true);
    expect(isAppMainFrame({ url: PAGE, parent: {} }, PAGE)).toBe(false);
    expect(isAppMainFrame({ url: 'file:///tmp/evil.html', parent: null }, PAGE)).toBe(false);
    expect(isAppMainFrame(null, PAGE)).toBe(false);
  });
});
