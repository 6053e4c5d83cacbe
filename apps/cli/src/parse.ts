/** Commander argument parsers: a bad value is a usage error naming the flag (exit 2). */
import { InvalidArgumentError } from 'commander';

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be an integer ≥ 0.');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

export function parseFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new InvalidArgumentError('must be a number between 0 and 1 (exclusive).');
  return n;
}

/** NumPy's RandomState seed: an integer in [0, 2^32 - 1]. */
export function parseRandomState(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 4294967295) throw new InvalidArgumentError('must be an integer in [0, 4294967295].');
  return n;
}
