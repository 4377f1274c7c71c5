import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installAppMenu } from './app-menu';
import { BridgeProcess } from './bridge-process';
import { fromAppPage, registerMainRequests } from './main-requests';
import { allowPermission } from './permission-policy';
import { quitChoice } from './quit-choice';

const bridge = new BridgeProcess();
const rendererIndex = join(__dirname, '../renderer/index.html');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 480,
    minHeight: 320,
    title: 'Flotilla',
    backgroundColor: '#14161a',
    icon: join(__dirname, '../../assets/icon.png'),
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // No remote content: links open in the system browser, and the page never navigates away.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  // FLOTILLA_RENDERER=dom picks xterm's DOM renderer over WebGL (tests read terminal text from it).
  const renderer = process.env.FLOTILLA_RENDERER;
  void win.loadFile(rendererIndex, renderer ? { query: { renderer } } : undefined);
  return win;
}

// Tests and portable setups point the data folder elsewhere.
if (process.env.FLOTILLA_DATA_DIR) app.setPath('userData', process.env.FLOTILLA_DATA_DIR);

// One Flotilla per data folder: a second launch focuses the first window and goes away.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0] ?? createWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.enableSandbox();
  app.whenReady().then(() => {
    const appPage = pathToFileURL(rendererIndex).href;
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
      callback(allowPermission(permission, contents.getURL(), appPage)),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission, origin, details) =>
      allowPermission(permission, details.requestingUrl ?? origin, appPage),
    );
    installAppMenu(() => {
      endSessionsOnQuit = true;
      app.quit();
    });
    bridge.start();
    registerMainRequests(rendererIndex);
    ipcMain.on('flotilla:connect', (event) => {
      if (fromAppPage(event, rendererIndex)) bridge.connect(event.sender);
    });
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
}

// On macOS the app (and its sessions) stays alive with no window, like a terminal app.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting leaves the daemon and its agents running, unless the person chose to end them.
let quitting = false;
let endSessionsOnQuit = false;
app.on('before-quit', (event) => {
  if (quitting || !bridge.running) return;
  event.preventDefault();
  void (async () => {
    const choice = endSessionsOnQuit ? 'end' : await quitChoice(app.getPath('userData'));
    if (choice === 'cancel') return;
    quitting = true;
    await bridge.stop({ endSessions: choice === 'end' });
    app.quit();
  })();
});
