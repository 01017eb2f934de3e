import { describe, expect, it } from 'vitest';
import { statusLine } from '../../../src/stub/wire/status-line';

describe('statusLine', () => {
  it('has the reason phrases node:http writes', () => {
    expect(statusLine(200)).toBe('HTTP/1.1 200 OK\r\n');
    expect(statusLine(202)).toBe('HTTP/1.1 202 Accepted\r\n');
    expect(statusLine(404)).toBe('HTTP/1.1 404 Not Found\r\n');
    expect(statusLine(410)).toBe('HTTP/1.1 410 Gone\r\n');
    expect(statusLine(413)).toBe('HTTP/1.1 413 Payload Too Large\r\n');
    expect(statusLine(599)).toBe('HTTP/1.1 599 Unknown\r\n');
  });
});
