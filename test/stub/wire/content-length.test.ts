import { describe, expect, it } from 'vitest';
import { bodyAt, contentLength } from '../../../src/stub/wire/content-length';

describe('contentLength', () => {
  it('no header is no body', () => {
    expect(contentLength(undefined)).toBe(0);
  });

  it.each([['0', 0], ['7', 7], ['0042', 42], ['6291456', 6_291_456], ['999999999999999', 999_999_999_999_999]])('%s is %d', (value, size) => {
    expect(contentLength(value)).toBe(size);
  });

  it.each([[''], ['-1'], ['+1'], ['0x10'], ['1e3'], ['1.0'], ['1, 1'], ['12a'], [' 1'], ['1000000000000000']])('%j is malformed', (value) => {
    expect(contentLength(value)).toBe(-1);
  });
});

describe('bodyAt', () => {
  it('is the bytes themselves, not a copy; no bytes are the one empty Buffer', () => {
    const buf = Buffer.from('headbody');
    const body = bodyAt(buf, 4, 4);
    expect(body.toString()).toBe('body');
    buf[4] = 0x42;
    expect(body.toString()).toBe('Body');
    expect(bodyAt(buf, 8, 0)).toBe(bodyAt(Buffer.from('x'), 1, 0));
  });
});
