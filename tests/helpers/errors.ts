import { expect } from 'vitest';
import { UserError } from '../../src/errors.js';

/** What `fn` throws; fails the test when it throws nothing. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** The message of the UserError `fn` throws (one line for the user); fails the test on anything else. */
export function userErrorMessage(fn: () => unknown): string {
  const err = thrownBy(fn);
  expect(err).toBeInstanceOf(UserError);
  return err.message;
}
