declare const __FLOTILLA_VERSION__: string | undefined;

/** package.json's version, put in by the build (electron.vite.config.ts); "dev" in tests run from source. */
/**
 * What the protocol's frames and methods are, as a number: a client and a daemon of other numbers
 * do not talk (the handshake, `host.hello`, names both). Raised when a change is not additive.
 */
export const PROTOCOL_VERSION = 1;

export const FLOTILLA_VERSION: string = typeof __FLOTILLA_VERSION__ === 'string' ? __FLOTILLA_VERSION__ : 'dev';
