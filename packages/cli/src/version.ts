// The CLI's version, put in by the build (tsup's `define`) and by the test config.
declare const __PUSH_API_CLI_VERSION__: string;

export const CLI_VERSION: string = __PUSH_API_CLI_VERSION__;
