// A value that does not read is not an error: the row becomes an `invalid-row` exception and the run
// goes on. Readers therefore return the reason as data, in words a council analyst can act on.

export interface Invalid {
  readonly invalid: string;
}

export function invalid(reason: string): Invalid {
  return { invalid: reason };
}

export function isInvalid(value: unknown): value is Invalid {
  return typeof value === 'object' && value !== null && typeof (value as { invalid?: unknown }).invalid === 'string';
}
