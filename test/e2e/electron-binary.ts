import { electronBinary, hasDisplay } from '../../electron/launch/electron-binary';

/** The Electron binary, or why these tests cannot run here. Tests never download one. */
export function findElectron(): { path: string } | { reason: string } {
  const binary = electronBinary();
  if (!binary)
    return {
      reason:
        'no Electron binary on this machine (it is not downloadable offline; `npm start` fetches it where the network allows)',
    };
  if (!hasDisplay()) return { reason: 'no display: run under xvfb-run to include the Electron tests' };
  return { path: binary };
}
