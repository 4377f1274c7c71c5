import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { pathToFileURL } from 'node:url';
import { isAppMainFrame } from './permission-policy';

/** The page's few requests to main, by name; anything else is refused. */
const HANDLERS: Record<string, (event: IpcMainInvokeEvent) => Promise<unknown>> = {
  'dialog.openFolder': async (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = {
      title: 'Open a project folder',
      properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
    };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  },
};

/** Only the app's own page, in its main frame, may ask main for anything. */
export function fromAppPage(event: { senderFrame: Electron.WebFrameMain | null }, rendererIndex: string): boolean {
  return isAppMainFrame(event.senderFrame, pathToFileURL(rendererIndex).href);
}

export function registerMainRequests(rendererIndex: string): void {
  ipcMain.handle('flotilla:main', async (event, method: unknown) => {
    if (!fromAppPage(event, rendererIndex) || typeof method !== 'string' || !Object.hasOwn(HANDLERS, method))
      return null;
    return HANDLERS[method](event);
  });
}
