import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';

/** Sends a renderer command (its id in renderer/src/commands) to the focused window. */
function command(label: string, id: string, accelerator?: string): MenuItemConstructorOptions {
  return {
    label,
    accelerator,
    click: () => BrowserWindow.getFocusedWindow()?.webContents.send('flotilla:command', id),
  };
}

/**
 * The application menu: the app's commands, plus the standard Edit, View and Window roles (on
 * macOS copy and paste work only through an Edit menu). Accelerators that terminals need stay
 * off the menu: the renderer's own shortcuts handle them, and can be rebound there.
 */
export function installAppMenu(quitAndEndSessions: () => void): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        command('Add Project…', 'project.add'),
        command('New Session Like the Focused One', 'session.new'),
        { type: 'separator' },
        command('Command Palette…', 'palette.open'),
        { type: 'separator' },
        { label: 'Quit and End All Sessions', click: quitAndEndSessions },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Session',
      submenu: [
        command('Prompt Queue', 'queue.toggle'),
        command('Timeline', 'timeline.toggle'),
        command('Find in Scrollback', 'tile.search'),
        { type: 'separator' },
        command('Restart', 'session.restart'),
        command('Kill', 'session.kill'),
        command('Close', 'session.close'),
      ],
    },
    {
      // Not the standard View role: its page zoom takes Mod+= / Mod+- / Mod+0, which zoom the
      // terminals' text here (the renderer's shortcuts, as in every terminal).
      label: 'View',
      submenu: [
        command('Bigger Terminal Text', 'terminal.zoomIn'),
        command('Smaller Terminal Text', 'terminal.zoomOut'),
        command('Actual Terminal Text Size', 'terminal.zoomReset'),
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
