import { dialog } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type QuitChoice = 'keep' | 'end' | 'cancel';

interface Prefs {
  keepAgentsOnQuit?: boolean;
}

function prefsFile(dataDir: string): string {
  return join(dataDir, 'app-prefs.json');
}

function readPrefs(dataDir: string): Prefs {
  try {
    return JSON.parse(readFileSync(prefsFile(dataDir), 'utf8')) as Prefs;
  } catch {
    return {};
  }
}

/**
 * What quitting does to the agents: asked once ("Keep agents running after Flotilla quits?"),
 * then remembered. "Quit and End All Sessions" in the File menu ends them whatever was answered.
 */
export async function quitChoice(dataDir: string): Promise<QuitChoice> {
  const remembered = readPrefs(dataDir).keepAgentsOnQuit;
  if (remembered !== undefined) return remembered ? 'keep' : 'end';
  const { response } = await dialog.showMessageBox({
    type: 'question',
    message: 'Keep agents running after Flotilla quits?',
    detail:
      'Running agents keep working in the background, and Flotilla shows them again when it opens. You will not be asked again; File › Quit and End All Sessions always ends them.',
    buttons: ['Keep Running', 'Quit and End All Sessions', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
  });
  if (response === 2) return 'cancel';
  writeFileSync(prefsFile(dataDir), JSON.stringify({ ...readPrefs(dataDir), keepAgentsOnQuit: response === 0 }), {
    mode: 0o600,
  });
  return response === 0 ? 'keep' : 'end';
}
