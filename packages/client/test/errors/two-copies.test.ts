// A library that depends on its own copy of @org/kalshi-client throws that copy's error classes. Loading the
// errors module a second time (fresh module registry) gives classes with the same code and other identities, as a
// second install does.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  KalshiApiError,
  KalshiConflictError,
  KalshiError,
  KalshiNotFoundError,
  KalshiValidationError,
} from '../../src';
import { KalshiStreamError } from '../../src/ws';

let other: typeof import('../../src');
let otherStream: typeof import('../../src/ws');

beforeAll(async () => {
  vi.resetModules();
  other = await import('../../src');
  otherStream = await import('../../src/ws');
  vi.resetModules();
});

const conflict = { status: 409, code: 'order_already_exists', message: 'order already exists' };

describe('instanceof recognises errors thrown by another copy of the package', () => {
  it('the other copy really has other classes (the built-in check fails)', () => {
    expect(other.KalshiConflictError).not.toBe(KalshiConflictError);
    const error = new other.KalshiConflictError(conflict);
    expect(Function.prototype[Symbol.hasInstance].call(KalshiConflictError, error)).toBe(false);
  });

  it('a 409 from the other copy is a KalshiConflictError, KalshiApiError and KalshiError here', () => {
    const error: unknown = new other.KalshiConflictError(conflict);
    expect(error instanceof KalshiConflictError).toBe(true);
    expect(error instanceof KalshiApiError).toBe(true);
    expect(error instanceof KalshiError).toBe(true);
    expect(error instanceof Error).toBe(true);
  });

  it('and is not any other class of the hierarchy', () => {
    const error: unknown = new other.KalshiConflictError(conflict);
    expect(error instanceof KalshiNotFoundError).toBe(false);
    expect(error instanceof KalshiValidationError).toBe(false);
    const validation: unknown = new other.KalshiValidationError('price', 'must be a string');
    expect(validation instanceof KalshiApiError).toBe(false);
    expect(validation instanceof KalshiValidationError).toBe(true);
  });

  it('works both ways and for the stream errors', () => {
    expect((new KalshiNotFoundError({ ...conflict, status: 404 }) as unknown) instanceof other.KalshiApiError).toBe(
      true,
    );
    expect((new otherStream.KalshiStreamError(8, 'Unknown channel name') as unknown) instanceof KalshiStreamError).toBe(
      true,
    );
  });

  it('an error of another hierarchy with the same name is not taken for one', () => {
    const impostor = Object.assign(new Error('409'), { name: 'KalshiConflictError', status: 409 });
    expect(impostor instanceof KalshiConflictError).toBe(false);
    expect(impostor instanceof KalshiError).toBe(false);
    // Named like one of ours but not below a class named KalshiError.
    class Lookalike extends Error {
      static readonly className = 'KalshiConflictError';
    }
    expect(new Lookalike() instanceof KalshiConflictError).toBe(false);
  });

  it("a caller's own subclass keeps the built-in check", () => {
    class OrderRefused extends KalshiConflictError {}
    expect(new OrderRefused(conflict) instanceof OrderRefused).toBe(true);
    expect(new OrderRefused(conflict) instanceof KalshiConflictError).toBe(true);
    expect((new KalshiConflictError(conflict) as unknown) instanceof OrderRefused).toBe(false);
    expect((new other.KalshiConflictError(conflict) as unknown) instanceof OrderRefused).toBe(false);
  });

  it("a library's own subclass of the other copy's class is that class here", () => {
    class LibraryConflict extends other.KalshiConflictError {}
    const error: unknown = new LibraryConflict(conflict);
    expect(error instanceof KalshiConflictError).toBe(true);
    expect(error instanceof KalshiApiError).toBe(true);
    expect(error instanceof KalshiNotFoundError).toBe(false);
  });
});
