import { describe, expect, it } from 'vitest';
import { causeOf, PermanentFailure } from '../../src/pipeline/dead-letters';

/** An error as the Postgres driver raises it: the SQLSTATE in `code`. */
const databaseError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('failure causes', () => {
  it.each([
    ['08006', 'connection failure'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['40P01', 'deadlock detected'],
    ['53300', 'too many connections for role'],
    ['55000', 'object not in prerequisite state'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
  ])('retries SQLSTATE %s (%s)', (code, message) => {
    expect(causeOf(databaseError(code, message))).toEqual({ errorClass: 'transient', sqlstate: code, reason: `SQLSTATE ${code}: ${message}` });
  });

  it.each([
    ['22003', 'value "12345678901234567890" is out of range for type bigint'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['23502', 'null value in column "shop_id" violates not-null constraint'],
  ])('never retries SQLSTATE %s (%s)', (code, message) => {
    expect(causeOf(databaseError(code, message))).toMatchObject({ errorClass: 'permanent', sqlstate: code });
  });

  it('retries a failure that happened before the database answered', () => {
    expect(causeOf(new Error('Network connection lost.'))).toEqual({ errorClass: 'transient', sqlstate: null, reason: 'Network connection lost.' });
  });

  it('finds the SQLSTATE along the chain of causes, and the innermost message', () => {
    const wrapped = new Error('Failed query: insert into raw_event …', { cause: databaseError('22003', 'bigint out of range') });
    expect(causeOf(wrapped)).toEqual({ errorClass: 'permanent', sqlstate: '22003', reason: 'SQLSTATE 22003: bigint out of range' });
  });

  it('takes a failure its code calls permanent at its word', () => {
    expect(causeOf(new PermanentFailure('raw object uploads/a/b.csv is missing'))).toEqual({
      errorClass: 'permanent',
      sqlstate: null,
      reason: 'raw object uploads/a/b.csv is missing',
    });
  });
});
