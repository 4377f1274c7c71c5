import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import pkg from './package.json';

export default defineConfig({
  main: {
    define: { __FLOTILLA_VERSION__: JSON.stringify(pkg.version) },
    build: {
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          bridge: resolve('electron/bridge/index.ts'),
          serve: resolve('electron/serve/cli.ts'),
          start: resolve('electron/launch/start.ts'),
          daemon: resolve('electron/daemon/main.ts'),
          flotilla: resolve('electron/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: { rolldownOptions: { input: { index: resolve('electron/preload/index.ts') } } },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      minify: true,
      chunkSizeWarningLimit: 800,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
