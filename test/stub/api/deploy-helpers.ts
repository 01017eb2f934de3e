// A local Lambda service on a temporary functions folder, for the deploy
// tests: the real engine (functions created from zips are invoked), an SDK
// client, and a way to restart the service on the same folder.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateFunctionCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, type CreateFunctionCommandInput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LocalLambda, type LocalLambdaOptions } from '../../../src/stub';
import { clientFor } from '../service-helpers';

export const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';

export interface DeployService {
  readonly dir: string;
  url: string;
  client: LambdaClient;
  service: LocalLambda;
  /** Stops the service and starts a new one on the same functions folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startDeployService(options: Omit<LocalLambdaOptions, 'functionsDir'> = {}): Promise<DeployService> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-test-'));
  const start = async (): Promise<{ service: LocalLambda; url: string; client: LambdaClient }> => {
    const service = new LocalLambda({ functionsDir: dir, cgroups: false, onWarning: () => undefined, ...options });
    const url = await service.start();
    return { service, url, client: clientFor(url) };
  };
  const s: DeployService = {
    dir,
    ...(await start()),
    async restart() {
      s.client.destroy();
      await s.service.stop();
      Object.assign(s, await start());
    },
    async close() {
      s.client.destroy();
      await s.service.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return s;
}

/** CreateFunction, then the SDK's waiter until the function is Active, as a deploy script does. */
export async function createActive(client: LambdaClient, input: Omit<CreateFunctionCommandInput, 'Role'> & { Role?: string }): Promise<void> {
  await client.send(new CreateFunctionCommand({ Role: ROLE, ...input }));
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 20, minDelay: 1 }, { FunctionName: input.FunctionName });
}

export async function waitUpdated(client: LambdaClient, name: string): Promise<void> {
  await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 20, minDelay: 1 }, { FunctionName: name });
}

export { failure } from '../service-helpers';
