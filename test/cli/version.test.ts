import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../run/helpers';
import { runCommand } from './cli-capture';

describe('coldbench --version', () => {
  it('prints the package version alone and exits 0', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const res = await runCommand(flag);
      expect(res.code).toBe(0);
      expect(res.out).toBe(`${version}\n`);
      expect(res.err).toBe('');
    }
  });
});
