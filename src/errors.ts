// Run-stopping problems are typed; the CLI maps each type to an exit status in one place
// (src/cli/exitStatus.ts). Row problems are not errors: they are exception records.

/** The command line or a configuration is wrong: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An input cannot be used (missing file, malformed CSV, missing column, bad mapping/calendar): exit 3. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Exceptions were found under --strict, or more than --max-errors: exit 3. */
export class ExceptionLimitError extends Error {
  override readonly name = 'ExceptionLimitError';
}
