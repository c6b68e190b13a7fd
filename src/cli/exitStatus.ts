// The one place that turns a run-stopping error into an exit status and one sentence (README.md#exit-statuses).
import { ExceptionLimitError, InputError, UsageError } from '../errors.js';

export const EXIT = { done: 0, bug: 1, usage: 2, input: 3, shortfall: 4 } as const;
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

export interface ExitDecision {
  readonly status: ExitStatus;
  readonly message: string;
  /** For a bug: the stack, shown only when EHCP_RECON_DEBUG is set. */
  readonly detail?: string;
}

export function decideExit(error: unknown): ExitDecision {
  if (error instanceof UsageError) return { status: EXIT.usage, message: `${error.message}. See "ehcp-recon --help".` };
  if (error instanceof InputError) return { status: EXIT.input, message: error.message };
  if (error instanceof ExceptionLimitError) return { status: EXIT.input, message: error.message };
  const summary = error instanceof Error ? error.message : String(error);
  return {
    status: EXIT.bug,
    message: `ehcp-recon hit an internal error (${summary}): this is a bug, not a problem with your data; please report it with the command you ran (set EHCP_RECON_DEBUG=1 to see the details).`,
    detail: error instanceof Error ? error.stack : undefined,
  };
}
