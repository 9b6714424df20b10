// Types of prism.mjs.
export declare const prismBin: string;
export declare const specPath: string;

export interface PrismOptions {
  /** `mock` answers from the spec's examples; `proxy` forwards to `upstream` and checks both sides. */
  mode?: 'mock' | 'proxy';
  upstream?: string;
  host?: string;
  port: number;
  /** Prism's `--errors`: a request or answer that breaks the spec is an error. */
  errors?: boolean;
  /** The spec to serve (default: the bundle of @push-api/spec). */
  spec?: string;
  stdio?: 'inherit' | 'pipe';
  readyTimeoutMs?: number;
}

export interface Prism {
  url: string;
  pid: number;
  /** Stops Prism by its PID and waits until it has exited. */
  close(): Promise<void>;
  /** What it printed so far (with `stdio: 'pipe'`). */
  output(): string;
}

export declare function startPrism(options: PrismOptions): Promise<Prism>;
