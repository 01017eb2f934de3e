// What the function store holds. A published version is immutable; $LATEST
// changes with UpdateFunctionConfiguration, each change giving it a new
// revision id and therefore a new engine generation.

import type { Architecture } from '../../lambda/architectures';
import type { SnapStartApplyOn } from '../../lambda/snapstart';
import type { FunctionSnapshot } from '../engine/types';

/**
 * The settings of one function as loaded from disk or given in code: the
 * engine's snapshot fields (so the two cannot drift apart) less what the store
 * adds per version, plus the description the engine never needs.
 */
export interface FunctionSpec extends Pick<FunctionSnapshot,
  'name' | 'codeDir' | 'handler' | 'runtime' | 'memoryMb' | 'timeoutSec' | 'environment' | 'architecture' | 'ephemeralStorageMb' | 'logging'> {
  readonly description: string;
  /** SnapStart.ApplyOn: with 'PublishedVersions', each published version is restored from a snapshot (see ../engine/snapshot.ts). */
  readonly snapStart: SnapStartApplyOn;
  /** The execution role CreateFunction was given; functions from a folder report the service's own. */
  readonly role?: string;
  /** Tags kept in function.json (a deployed function's, written back as they change), so a restart serves them again. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The fields UpdateFunctionConfiguration may change. */
export type ConfigFields = Pick<FunctionSpec,
  'handler' | 'runtime' | 'memoryMb' | 'timeoutSec' | 'environment' | 'ephemeralStorageMb' | 'description' | 'logging' | 'snapStart'>;

export interface VersionRecord {
  /** '$LATEST' or '1', '2', … */
  readonly version: string;
  readonly config: ConfigFields;
  readonly architecture: Architecture;
  readonly codeDir: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  /** The zip this version's code came from (deployed through the API); absent for code from a folder. */
  readonly codeZip?: string;
  readonly revisionId: string;
  /** Lambda's timestamp format, 2024-01-31T12:00:00.000+0000. */
  readonly lastModified: string;
  /** Frozen once per record so the invoke path allocates nothing for it. */
  readonly snapshot: FunctionSnapshot;
}

export interface AliasRecord {
  readonly name: string;
  readonly functionVersion: string;
  readonly description: string;
  /** Weighted routing to one more version: { '2': 0.1 }. */
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
  readonly revisionId: string;
}

export interface FunctionRecord {
  readonly name: string;
  latest: VersionRecord;
  readonly versions: Map<string, VersionRecord>;
  readonly aliases: Map<string, AliasRecord>;
  /** Next number PublishVersion hands out; never reused, as on Lambda. */
  nextVersion: number;
  reservedConcurrency: number | null;
  /**
   * Provisioned concurrency configurations by qualifier (a version number or
   * an alias name); the engine holds their environments under
   * provisionedKey(function, qualifier).
   */
  readonly provisioned: Map<string, ProvisionedConfig>;
  /** As FunctionSpec.role; changed by UpdateFunctionConfiguration's Role. */
  role?: string;
  /** Revision of $LATEST that the newest version was published from. */
  publishedFromRevision?: string;
}

/** PutProvisionedConcurrencyConfig as accepted. */
export interface ProvisionedConfig {
  readonly requested: number;
  /** Lambda's timestamp format. */
  readonly lastModified: string;
}

/** A name (and qualifier) resolved to what to run. */
export interface Resolved {
  readonly fn: FunctionRecord;
  readonly record: VersionRecord;
  /** The ARN as the caller addressed it (qualified when a qualifier was given). */
  readonly invokedArn: string;
  readonly qualifier?: string;
}
