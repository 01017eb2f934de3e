// function.json's `logging` key: LoggingConfig for a function loaded from a
// folder, checked with the API's rules and refused with file and field.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionConfigError } from '../../../src/stub/store/errors';
import { loadFunctions, type RuntimeCatalog } from '../../../src/stub/store/load';

const runtimes: RuntimeCatalog = { isKnown: (r) => r === 'nodejs20.x', list: () => ['nodejs20.x'] };
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function folderWith(config: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'logging-load-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'fn'));
  writeFileSync(path.join(dir, 'fn', 'function.json'), JSON.stringify(config));
  return dir;
}

describe('function.json logging', () => {
  it('defaults to Text in the default group', async () => {
    const [spec] = await loadFunctions({ functionsDir: folderWith({}), runtimes });
    expect(spec?.logging).toEqual({ logFormat: 'Text' });
  });

  it('sets the format, levels and group, JSON levels defaulting to INFO', async () => {
    const [full] = await loadFunctions({
      functionsDir: folderWith({ logging: { format: 'JSON', applicationLogLevel: 'WARN', systemLogLevel: 'DEBUG', logGroup: '/custom/fn' } }), runtimes,
    });
    expect(full?.logging).toEqual({ logFormat: 'JSON', applicationLogLevel: 'WARN', systemLogLevel: 'DEBUG', logGroup: '/custom/fn' });
    const [json] = await loadFunctions({ functionsDir: folderWith({ logging: { format: 'JSON' } }), runtimes });
    expect(json?.logging).toEqual({ logFormat: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'INFO' });
  });

  it.each([
    [{ logging: 'JSON' }, 'field "logging": must be an object'],
    [{ logging: { format: 'json' } }, 'field "logging.format": "json" fails its constraint: Member must satisfy enum value set: [JSON, Text]'],
    [{ logging: { format: 'JSON', systemLogLevel: 'TRACE' } }, 'field "logging.systemLogLevel": "TRACE" fails'],
    [{ logging: { logGroup: 'bad group' } }, 'field "logging.logGroup": "bad group" fails'],
    [{ logging: { applicationLogLevel: 'DEBUG' } }, 'field "logging.applicationLogLevel": ApplicationLogLevel can only be set with the JSON log format'],
    [{ logging: { level: 'DEBUG' } }, 'field "logging.level": unknown field'],
  ])('refuses %j naming the file and field', async (config, message) => {
    const dir = folderWith(config);
    const err = await loadFunctions({ functionsDir: dir, runtimes }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FunctionConfigError);
    expect((err as Error).message).toContain(path.join(dir, 'fn', 'function.json'));
    expect((err as Error).message).toContain(message);
  });
});
