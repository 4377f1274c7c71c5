import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder itself needs the network here, so this checks what it would pack: the build
 * output (run `npm run build` first; `npm test` does) against package.json's `build` config.
 */
const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const build = pkg.build;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** What electron-builder's `files` globs of the forms used here ("dir/**", a plain path) take. */
const packed = (file: string) =>
  build.files.some((glob: string) => (glob.endsWith('/**') ? file.startsWith(glob.slice(0, -2)) : file === glob));

/** Bare module names a built file requires (not relative chunks, not node: builtins). */
function requiredModules(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  return [...source.matchAll(/require\("([^"]+)"\)/g)]
    .map((m) => m[1])
    .filter((m) => !m.startsWith('.') && !m.startsWith('node:') && !builtinModules.includes(m));
}

describe('packaging (electron-builder config against the build output)', () => {
  it('packs every file the app loads: main, the host entry, preload, renderer, the window icon', () => {
    expect(existsSync(join(root, 'out')), 'run `npm run build` first').toBe(true);
    const main = readFileSync(join(root, pkg.main), 'utf8');
    expect(main).toContain('bridge.js'); // utilityProcess.fork target
    expect(main).toContain('assets/icon.png');
    const needed = [
      pkg.main,
      'out/main/bridge.js',
      'out/main/daemon.js',
      'out/main/flotilla.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'assets/icon.png',
      'package.json',
    ];
    for (const file of needed) {
      expect(existsSync(join(root, file)), file).toBe(true);
      expect(packed(file), `${file} is outside build.files`).toBe(true);
    }
    expect(filesUnder(join(root, 'out')).filter((f) => !packed(f))).toEqual([]);
  });

  it('every module the packaged code requires is a production dependency (devDependencies are not packed)', () => {
    const packagedCode = [...filesUnder(join(root, 'out/main')), ...filesUnder(join(root, 'out/preload'))].filter(
      (f) => f.endsWith('.js') && !f.endsWith('out/main/start.js'),
    );
    const modules = new Set(packagedCode.flatMap(requiredModules));
    modules.delete('electron');
    expect([...modules].sort()).toEqual(expect.arrayContaining(['node-pty', 'simple-git']));
    expect([...modules].filter((m) => !pkg.dependencies[m])).toEqual([]);
  });

  it('ships the flotilla CLI: a launcher in resources/bin that runs the packed CLI with the app as Node', () => {
    const [resource] = build.extraResources;
    expect(resource.to).toBe('bin/flotilla');
    const script = readFileSync(join(root, resource.from), 'utf8');
    expect(statSync(join(root, resource.from)).mode & 0o111).not.toBe(0);
    expect(script).toContain('ELECTRON_RUN_AS_NODE=1 exec');
    expect(script).toContain('app.asar/out/main/flotilla.js');
    expect(build.electronFuses.runAsNode).toBe(true);
    expect(pkg.bin.flotilla).toBe('bin/flotilla.cjs');
  });

  it('node-pty is unpacked from the asar (a native addon cannot load from inside it)', () => {
    expect(build.asarUnpack).toContain('node_modules/node-pty/**');
    expect(build.npmRebuild).toBe(true);
  });

  it('icons for Linux, macOS and Windows are in the build resources folder', () => {
    expect(build.directories.buildResources).toBe('assets');
    const png = readFileSync(join(root, build.linux.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width, from the IHDR chunk
    expect(readFileSync(join(root, build.mac.icon)).subarray(0, 4).toString()).toBe('icns');
    expect([...readFileSync(join(root, build.win.icon)).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it('Electron fuses: app code only from a checked asar, no NODE_OPTIONS or --inspect, cookies encrypted', () => {
    expect(build.electronFuses).toEqual({
      // The hook reporter and the login-shell probe run the app's own binary as Node (docs/security.md).
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
