// The build's version, put in by vite.config.ts (release + sources fingerprint). Outside a Vite
// build (unit tests) the constant does not exist, and the phone says 'dev'.
declare const __KARIBU_APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __KARIBU_APP_VERSION__ === 'string' ? __KARIBU_APP_VERSION__ : 'dev';
