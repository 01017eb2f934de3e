// The JSON documents Lambda answers with (FunctionConfiguration,
// AliasConfiguration, …), built from store records.

import { functionArn, localRole, type Place } from '../store/names';
import { loggingConfigShape } from './logging-config';
import type { AliasRecord, FunctionRecord, VersionRecord } from '../store/types';
import { snapStartShape } from './snapstart';
import { deployStatusShape } from './deploy-status';

export interface ShapeContext extends Place {
  /** Limits the engine could not apply here, and the runtime's own notes; reported in StateReason (see README of the service). */
  readonly limitations: (runtime: string) => readonly string[];
}

export function functionConfiguration(
  ctx: ShapeContext, fn: FunctionRecord, record: VersionRecord,
  /** Qualifier of the ARN reported: what the caller used; a version's own number when undefined. */
  arnQualifier: string | undefined,
): Record<string, unknown> {
  const q = arnQualifier ?? (record.version === '$LATEST' ? undefined : record.version);
  const c = record.config;
  const doc: Record<string, unknown> = {
    FunctionName: fn.name,
    FunctionArn: functionArn(ctx, fn.name, q),
    Runtime: c.runtime,
    Role: fn.role ?? localRole(ctx),
    Handler: c.handler,
    CodeSize: record.codeSize,
    Description: c.description,
    Timeout: c.timeoutSec,
    MemorySize: c.memoryMb,
    LastModified: record.lastModified,
    CodeSha256: record.codeSha256,
    Version: record.version,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: record.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: [record.architecture],
    EphemeralStorage: { Size: c.ephemeralStorageMb },
    LoggingConfig: loggingConfigShape(fn.name, c.logging),
  };
  if (Object.keys(c.environment).length > 0) doc.Environment = { Variables: c.environment };
  const limits = ctx.limitations(c.runtime);
  // State stays Active (the function works); StateReason is a free-text field
  // every SDK keeps, so the limits the engine could not enforce go there.
  if (limits.length > 0) doc.StateReason = limits.join('; ');
  // SnapStart, and State/StateReason while a version's snapshot is made or after it failed.
  Object.assign(doc, snapStartShape(record));
  // Pending after CreateFunction, InProgress after UpdateFunctionCode, for a moment.
  const deploy = deployStatusShape(fn, record);
  if (deploy !== undefined) Object.assign(doc, deploy);
  return doc;
}

export function aliasConfiguration(place: Place, fn: FunctionRecord, alias: AliasRecord): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    AliasArn: functionArn(place, fn.name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
  };
  if (Object.keys(alias.additionalVersionWeights).length > 0) {
    doc.RoutingConfig = { AdditionalVersionWeights: alias.additionalVersionWeights };
  }
  return doc;
}
