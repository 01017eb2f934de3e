// The function's own settings, read once before the run: what is priced and
// labelled is what the function is, not what the scenario says of it. Read on
// the qualifier that is invoked (a version or alias has its own memory,
// SnapStart state and provisioned concurrency), with GetFunctionConfiguration
// and GetProvisionedConcurrencyConfig.
//
// Sources (AWS Lambda API reference):
//   FunctionConfiguration: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
//   GetProvisionedConcurrencyConfig: https://docs.aws.amazon.com/lambda/latest/api/API_GetProvisionedConcurrencyConfig.html
//   CapacityProviderConfig (Lambda Managed Instances): https://docs.aws.amazon.com/lambda/latest/api/API_CapacityProviderConfig.html

import {
  GetFunctionConfigurationCommand,
  GetProvisionedConcurrencyConfigCommand,
  type FunctionConfiguration,
  type GetProvisionedConcurrencyConfigCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { DEFAULT_ARCHITECTURE, isArchitecture, type Architecture } from '../lambda/architectures';
import { ApiError } from '../lambda/errors';
import { EPHEMERAL_STORAGE_DEFAULT_MB, MEMORY_DEFAULT_MB } from '../lambda/limits';
import { tryParseFunctionName } from '../lambda/names';
import { withBackoff } from './control-retry';

export const LATEST = '$LATEST';

/** Provisioned concurrency on the invoked qualifier, as GetProvisionedConcurrencyConfig reports it. */
export type ProvisionedConcurrency =
  | { readonly kind: 'none' }
  | { readonly kind: 'configured'; readonly requested: number; readonly allocated: number; readonly status: string }
  /** The read was refused (no permission): invocations are priced on demand, and run.json says why. */
  | { readonly kind: 'unknown'; readonly reason: string };

export interface FunctionFacts {
  /** The function's name as its configuration gives it (never an ARN). */
  readonly functionName: string;
  /** The qualifier invoked: `$LATEST`, a version number or an alias name. */
  readonly qualifier: string;
  /** The version the qualifier resolves to (`$LATEST` or a number). */
  readonly version: string | undefined;
  /** undefined for a container image (PackageType Image), which has no managed runtime. */
  readonly runtime: string | undefined;
  readonly packageType: string;
  readonly architecture: Architecture;
  readonly memoryMb: number;
  /** The function's Timeout (Lambda's default 3 s when absent): the client's own invocation timeout starts from it. */
  readonly timeoutSec: number;
  readonly ephemeralStorageMb: number;
  readonly logFormat: 'Text' | 'JSON';
  /** Where the function's logs go: LoggingConfig.LogGroup, by default /aws/lambda/<name>. */
  readonly logGroup: string;
  readonly applicationLogLevel: string | undefined;
  readonly systemLogLevel: string | undefined;
  readonly snapStart: {
    /** `PublishedVersions` or `None`. */
    readonly applyOn: string;
    /** On a published version: `On` once its snapshot is made. */
    readonly optimizationStatus: string | undefined;
    /** The invoked qualifier starts new environments from a snapshot. */
    readonly active: boolean;
  };
  readonly provisionedConcurrency: ProvisionedConcurrency;
  /** Set when the function runs on Lambda Managed Instances (CapacityProviderConfig). */
  readonly managedInstances: { readonly capacityProviderArn: string | undefined } | undefined;
}

/** Reads the facts of `functionName` at `qualifier` ($LATEST when undefined). */
export async function readFunctionFacts(client: LambdaClient, functionName: string, qualifier: string | undefined): Promise<FunctionFacts> {
  const q = qualifier ?? LATEST;
  const config = await withBackoff(() => client.send(new GetFunctionConfigurationCommand({
    FunctionName: functionName,
    ...(q === LATEST ? {} : { Qualifier: q }),
  })));
  // Provisioned concurrency is configured on a version or alias, never on $LATEST (PutProvisionedConcurrencyConfig refuses it).
  const pc = q === LATEST ? { kind: 'none' as const } : await readProvisionedConcurrency(client, functionName, q);
  return factsOf(config, functionName, q, pc);
}

export function factsOf(config: FunctionConfiguration, functionName: string, qualifier: string, pc: ProvisionedConcurrency): FunctionFacts {
  const name = config.FunctionName ?? tryParseFunctionName(functionName)?.name ?? functionName;
  const arch = config.Architectures?.[0];
  const logging = config.LoggingConfig;
  const applyOn = config.SnapStart?.ApplyOn ?? 'None';
  const optimizationStatus = config.SnapStart?.OptimizationStatus;
  // Lambda documents OptimizationStatus On for a version whose snapshot is ready; $LATEST never runs from a snapshot.
  const snapActive = qualifier !== LATEST && (optimizationStatus !== undefined ? optimizationStatus === 'On' : applyOn === 'PublishedVersions');
  const capacity = config.CapacityProviderConfig;
  return {
    functionName: name,
    qualifier,
    version: config.Version,
    runtime: config.Runtime,
    packageType: config.PackageType ?? 'Zip',
    architecture: isArchitecture(arch) ? arch : DEFAULT_ARCHITECTURE,
    memoryMb: config.MemorySize ?? MEMORY_DEFAULT_MB,
    timeoutSec: config.Timeout ?? 3,
    ephemeralStorageMb: config.EphemeralStorage?.Size ?? EPHEMERAL_STORAGE_DEFAULT_MB,
    logFormat: logging?.LogFormat === 'JSON' ? 'JSON' : 'Text',
    logGroup: logging?.LogGroup ?? `/aws/lambda/${name}`,
    applicationLogLevel: logging?.ApplicationLogLevel,
    systemLogLevel: logging?.SystemLogLevel,
    snapStart: { applyOn, optimizationStatus, active: snapActive },
    provisionedConcurrency: pc,
    managedInstances: capacity !== undefined
      ? { capacityProviderArn: capacity.LambdaManagedInstancesCapacityProviderConfig?.CapacityProviderArn }
      : undefined,
  };
}

/**
 * None when the qualifier has no configuration (ProvisionedConcurrencyConfigNotFoundException),
 * and when the service does not know the operation at all (a Lambda-compatible
 * endpoint without it answers UnknownOperationException or ResourceNotFoundException):
 * such a service cannot have provisioned anything. A refusal (AccessDenied …) is
 * not a "none": it is recorded as unknown, with its reason.
 */
async function readProvisionedConcurrency(client: LambdaClient, functionName: string, qualifier: string): Promise<ProvisionedConcurrency> {
  let out: GetProvisionedConcurrencyConfigCommandOutput;
  try {
    out = await withBackoff(() => client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: qualifier })));
  } catch (err) {
    const name = (err as { name?: unknown } | null)?.name;
    if (name === 'ProvisionedConcurrencyConfigNotFoundException' || name === ApiError.UnknownOperationException || name === ApiError.ResourceNotFoundException) {
      return { kind: 'none' };
    }
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'unknown', reason: typeof name === 'string' && name !== message ? `${name}: ${message}` : message };
  }
  const requested = out.RequestedProvisionedConcurrentExecutions ?? 0;
  if (requested <= 0) return { kind: 'none' };
  return {
    kind: 'configured',
    requested,
    allocated: out.AllocatedProvisionedConcurrentExecutions ?? 0,
    status: out.Status ?? 'UNKNOWN',
  };
}

/** The number of environments configured ahead on the invoked qualifier (0: none, or unknown). */
export function provisionedCount(facts: Pick<FunctionFacts, 'provisionedConcurrency'>): number {
  return facts.provisionedConcurrency.kind === 'configured' ? facts.provisionedConcurrency.requested : 0;
}

/** run.json's `function` section: the facts as read, in the API's vocabulary. */
export function factsJson(facts: FunctionFacts): Readonly<Record<string, unknown>> {
  const pc = facts.provisionedConcurrency;
  return {
    name: facts.functionName,
    qualifier: facts.qualifier,
    version: facts.version ?? null,
    runtime: facts.runtime ?? null,
    packageType: facts.packageType,
    architecture: facts.architecture,
    memoryMb: facts.memoryMb,
    ephemeralStorageMb: facts.ephemeralStorageMb,
    logFormat: facts.logFormat,
    logGroup: facts.logGroup,
    ...(facts.applicationLogLevel !== undefined ? { applicationLogLevel: facts.applicationLogLevel } : {}),
    ...(facts.systemLogLevel !== undefined ? { systemLogLevel: facts.systemLogLevel } : {}),
    snapStart: {
      applyOn: facts.snapStart.applyOn,
      optimizationStatus: facts.snapStart.optimizationStatus ?? null,
      active: facts.snapStart.active,
    },
    provisionedConcurrency: pc.kind === 'none' ? null
      : pc.kind === 'configured' ? { requested: pc.requested, allocated: pc.allocated, status: pc.status }
      : { unknown: pc.reason },
    managedInstances: facts.managedInstances ? { capacityProviderArn: facts.managedInstances.capacityProviderArn ?? null } : false,
  };
}

/** Why a Managed Instances function is refused before the run; undefined for any other function. */
export function managedInstancesRefusal(facts: FunctionFacts): string | undefined {
  if (facts.managedInstances === undefined) return undefined;
  return `target.function: "${facts.functionName}" runs on Lambda Managed Instances (CapacityProviderConfig${facts.managedInstances.capacityProviderArn ? ` ${facts.managedInstances.capacityProviderArn}` : ''}). `
    + 'coldbench does not measure these faithfully: their invocations run on $LATEST.PUBLISHED, so memory changes and forced cold starts on $LATEST change nothing that runs; '
    + 'environments serve many requests at once on EC2 capacity billed by the instance-hour, so a per-invocation duration price would be wrong. '
    + 'Refused before any invocation.';
}
