// Types of compat.mjs.
export type Grade = 'major' | 'minor' | 'patch';
export declare const GRADES: readonly Grade[];
export declare function strongest(grades: Grade[]): Grade;

export interface Finding {
  grade: Grade;
  /** Which rule found it: `wire/<redocly rule>`, `catalogue`, `limits`, `surface`, `examples`. */
  rule: string;
  /** The element changed, e.g. `WithdrawResponse.request_id`, `ErrorCode 21003`. */
  element: string;
  message: string;
  /** Every operation the change reaches, e.g. `DELETE /v4/push/withdraw/{msg_id}`. */
  operations: string[];
  /** The line for the packages' changelogs, in the terms of the SDK. */
  sdk: string;
}
export interface Report {
  grade: Grade | 'none';
  findings: Finding[];
}
export declare function compare(base: unknown, revision: unknown, options: { config: string }): Promise<Report>;
export declare const specConfig: string;
export declare function usage(document: unknown): { users: Map<string, Set<string>>; all: string[] };

export type Bump = 'major' | 'minor' | 'patch';
export declare function declaredBumps(files: string[]): Map<string, Bump>;
export declare function neededBump(grade: Report['grade'], version: string): Bump | null;
export declare function verdict(
  report: Report,
  pending: { version: string; packages: string[]; bumps: Map<string, Bump> },
): { fails: boolean; message: string | null };
export declare function markdown(report: Report, heading?: string): string;
export declare function changelogLines(report: Report): string[];
export declare function pendingRelease(
  root: string,
  changesets?: string,
): { version: string; packages: string[]; bumps: Map<string, Bump>; changesets: number };
export declare function releaseSection(report: Report, release: { version: string; date: string }): string;
