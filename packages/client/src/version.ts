// The package's version, put in by the build (tsup's `define`) and by the test config.
declare const __PUSH_API_CLIENT_VERSION__: string;

export const CLIENT_VERSION: string = __PUSH_API_CLIENT_VERSION__;
