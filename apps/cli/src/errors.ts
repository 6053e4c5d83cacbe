/**
 * Exit codes and error classification. Every package marks bad input with
 * `code: 'MLPKIT_INVALID_INPUT'` (exit 2) and training/runtime failures with
 * `code: 'MLPKIT_RUNTIME'` (exit 1); see docs/architecture.md.
 */
import { CommanderError } from 'commander';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

/** Bad command-line input detected by the CLI itself. */
export class UsageError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Commander's own "exits" that are not failures. */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version', 'commander.executeSubCommandAsync']);

export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return COMMANDER_OK.has(err.code) ? EXIT_OK : EXIT_USAGE;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'MLPKIT_INVALID_INPUT') return EXIT_USAGE;
  return EXIT_RUNTIME;
}

/** The error as one line (multi-line messages, e.g. a list of spec problems, are joined). */
export function oneLineMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const text = err instanceof CommanderError ? raw.replace(/^error:\s*/, '') : raw;
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^-\s+/, ''))
    .filter((line) => line.length > 0)
    .join('; ')
    .replace(/:;/g, ':');
}
