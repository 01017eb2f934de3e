// The `local` target is the aws target pointed at the embedded service: it
// starts a LocalLambda in-process on a free loopback port with the scenario's
// function, invokes it through the unmodified AWS SDK, and stops it at the end.
// Its functions live only as long as the run, so its journal stays in memory.

import type { Architecture } from '../lambda/architectures';
import { LOCAL_REGION } from '../scenario/region';
import type { LocalTargetSpec } from '../plan/types';
import { LocalLambda } from '../stub';
import { TargetError } from './errors';
import { Journal } from './journal';
import { AwsTarget } from './aws';
import type { FunctionFacts } from './function-facts';
import type { Attempt, Target } from './types';

const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export class LocalTarget implements Target {
  readonly kind = 'local' as const;
  readonly functionName: string;
  readonly qualifier = '$LATEST';
  private service: LocalLambda | undefined;
  private inner: AwsTarget | undefined;

  constructor(private readonly spec: LocalTargetSpec, private readonly architecture: Architecture) {
    this.functionName = spec.function;
  }

  get memoryMb(): number | undefined {
    return this.inner?.memoryMb;
  }

  async open(): Promise<void> {
    const service = new LocalLambda({
      functions: [{
        name: this.spec.function,
        codeDir: this.spec.codeDir,
        architecture: this.architecture,
        ...(this.spec.handler !== undefined ? { handler: this.spec.handler } : {}),
        ...(this.spec.runtime !== undefined ? { runtime: this.spec.runtime } : {}),
        ...(this.spec.timeoutSec !== undefined ? { timeoutSec: this.spec.timeoutSec } : {}),
        ...(this.spec.environment !== undefined ? { environment: { ...this.spec.environment } } : {}),
      }],
      host: '127.0.0.1',
      port: 0,
      region: LOCAL_REGION,
      ...(this.spec.strict === true ? { strict: true } : {}),
    });
    let url: string;
    try {
      url = await service.start();
    } catch (err) {
      await service.stop().catch(() => undefined);
      throw new TargetError(`target: cannot start the local Lambda service for "${this.spec.function}" (${this.spec.codeDir}): ${err instanceof Error ? err.message : String(err)}`);
    }
    this.service = service;
    this.inner = new AwsTarget({
      function: this.spec.function,
      region: LOCAL_REGION,
      endpoint: url,
      credentials: LOCAL_CREDENTIALS,
      journal: Journal.inMemory(),
      ...(this.spec.invocationTimeoutMs !== undefined ? { invocationTimeoutMs: this.spec.invocationTimeoutMs } : {}),
      ...(this.spec.responseStreaming === true ? { responseStreaming: true } : {}),
    });
    await this.inner.open();
  }

  functionFacts(): FunctionFacts | undefined {
    return this.inner?.functionFacts();
  }

  applyMemory(memoryMb: number | null): Promise<void> {
    return this.opened().applyMemory(memoryMb);
  }

  freshEnvironment(): Promise<void> {
    return this.opened().freshEnvironment();
  }

  invoke(payload: Buffer, originMs: number): Promise<Attempt> {
    return this.opened().invoke(payload, originMs);
  }

  async restore(): Promise<void> {
    await this.inner?.restore();
  }

  async close(): Promise<void> {
    const inner = this.inner;
    const service = this.service;
    this.inner = undefined;
    this.service = undefined;
    await inner?.close();
    await service?.stop();
  }

  private opened(): AwsTarget {
    if (!this.inner) throw new Error('local target used before open()');
    return this.inner;
  }
}
