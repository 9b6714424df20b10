/// <reference types="vite/client" />

// import.meta.env has the variables named here and Vite's own, nothing else: a misspelt
// name is a type error, not an `any`.
interface ViteTypeOptions {
  strictImportMetaEnv: unknown;
}

interface ImportMetaEnv {
  /** The reference server's base URL: server mode. Unset or empty: MSW mode. */
  readonly VITE_PUSH_API_URL?: string;
  /** Server mode: the app key the page starts with. */
  readonly VITE_APP_KEY?: string;
  /** Server mode: the master secret the page starts with. */
  readonly VITE_MASTER_SECRET?: string;
}
