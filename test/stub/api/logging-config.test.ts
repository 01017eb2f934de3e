// LoggingConfig through the real AWS SDK: UpdateFunctionConfiguration
// changes it (a configuration change: new environments), GetFunction and
// GetFunctionConfiguration report it, and what Lambda refuses is refused
// with Lambda's error.
// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html

import {
  GetFunctionCommand, GetFunctionConfigurationCommand, InvalidParameterValueException, UpdateFunctionConfigurationCommand,
  type LoggingConfig,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => { api = await startApi(); });
afterAll(async () => { await api.close(); });

const update = (LoggingConfig: LoggingConfig) => api.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'api-hello', LoggingConfig }));
const current = async () => (await api.client.send(new GetFunctionConfigurationCommand({ FunctionName: 'api-hello' }))).LoggingConfig;

describe('LoggingConfig', () => {
  it('is Text in the default group until changed', async () => {
    expect(await current()).toEqual({ LogFormat: 'Text', LogGroup: '/aws/lambda/api-hello' });
  });

  it('round-trips: JSON gets INFO levels by default, members not given are kept, Text drops the levels', async () => {
    const retired = api.engine.retired.length;
    const json = await update({ LogFormat: 'JSON' });
    expect(json.LoggingConfig).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: '/aws/lambda/api-hello' });
    // A configuration change: the old environments do not serve what follows.
    expect(api.engine.retired.slice(retired)).toEqual([['api-hello', '$LATEST']]);

    await update({ ApplicationLogLevel: 'DEBUG', LogGroup: '/custom/hello' });
    expect(await current()).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO', LogGroup: '/custom/hello' });
    const got = await api.client.send(new GetFunctionCommand({ FunctionName: 'api-hello' }));
    expect(got.Configuration?.LoggingConfig).toEqual({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO', LogGroup: '/custom/hello' });

    await update({ SystemLogLevel: 'WARN' });
    expect((await current())?.SystemLogLevel).toBe('WARN');

    await update({ LogFormat: 'Text' });
    expect(await current()).toEqual({ LogFormat: 'Text', LogGroup: '/custom/hello' });
    // The engine's snapshot carries it too: the next environments log as configured.
    expect(api.store.resolve('api-hello', undefined, false).record.snapshot.logging).toEqual({ logFormat: 'Text', logGroup: '/custom/hello' });
  });

  it('refuses levels with the Text format (InvalidParameterValueException) and changes nothing', async () => {
    const before = await current();
    for (const bad of [{ LogFormat: 'Text', ApplicationLogLevel: 'DEBUG' }, { SystemLogLevel: 'DEBUG' }] as LoggingConfig[]) {
      const err = await update(bad).catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(InvalidParameterValueException);
      expect((err as Error).message).toMatch(/only be set when LogFormat is JSON/);
    }
    expect(await current()).toEqual(before);
  });

  it('refuses values outside the API\'s constraints with a ValidationException naming the member', async () => {
    const cases: ReadonlyArray<readonly [LoggingConfig, RegExp]> = [
      [{ LogFormat: 'json' as LoggingConfig['LogFormat'] }, /'json' at 'loggingConfig.logFormat'.*\[JSON, Text\]/],
      [{ LogFormat: 'JSON', ApplicationLogLevel: 'VERBOSE' as LoggingConfig['ApplicationLogLevel'] }, /'VERBOSE' at 'loggingConfig.applicationLogLevel'.*\[TRACE, DEBUG, INFO, WARN, ERROR, FATAL\]/],
      [{ LogFormat: 'JSON', SystemLogLevel: 'ERROR' as LoggingConfig['SystemLogLevel'] }, /'ERROR' at 'loggingConfig.systemLogLevel'.*\[DEBUG, INFO, WARN\]/],
      [{ LogGroup: 'no spaces allowed' }, /'no spaces allowed' at 'loggingConfig.logGroup'.*pattern/],
      [{ LogGroup: 'g'.repeat(513) }, /at 'loggingConfig.logGroup'.*between 1 and 512/],
    ];
    for (const [bad, message] of cases) {
      const err = await update(bad).catch((e: unknown) => e);
      expect((err as { name?: string }).name, JSON.stringify(bad)).toBe('ValidationException');
      expect((err as Error).message).toMatch(message);
    }
  });
});
