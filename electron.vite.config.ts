import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          host: resolve('electron/host/utility-entry.ts'),
          serve: resolve('electron/serve/cli.ts'),
          start: resolve('electron/launch/start.ts'),
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
    build: { minify: true, chunkSizeWarningLimit: 800, rolldownOptions: { input: { index: resolve('renderer/index.html') } } },
  },
});
