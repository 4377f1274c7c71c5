declare const __FLOTILLA_VERSION__: string | undefined;

/** package.json's version, put in by the build (electron.vite.config.ts); "dev" in tests run from source. */
export const FLOTILLA_VERSION: string = typeof __FLOTILLA_VERSION__ === 'string' ? __FLOTILLA_VERSION__ : 'dev';
