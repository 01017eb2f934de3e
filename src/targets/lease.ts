// A lease on a real function: the marker that tells a second coldbench run
// "another run is changing this function; what you read is not its original".
//
// Where the marker lives, and why: at the end of the function's Description,
//   "<user's description> [coldbench-lease <run id> <host>:<pid> <started> <expires> <memory>]"
// - it needs no permission beyond the two coldbench already needs
//   (lambda:GetFunctionConfiguration, lambda:UpdateFunctionConfiguration);
//   a tag would need lambda:TagResource/UntagResource/ListTags as well, and the
//   local service serves no tagging API;
// - it is written in the same UpdateFunctionConfiguration call as coldbench's
//   first change, made conditional on the RevisionId read with the original
//   (Lambda answers PreconditionFailedException when another update came in
//   between: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html#lambda-UpdateFunctionConfiguration-request-RevisionId),
//   so of two runs that read the function at once exactly one takes it;
// - unlike an environment variable, the function's code never sees it.
// The marker also carries the MemorySize the holder found, so a run taking over
// a stale lease (its holder died) journals the function's real original memory,
// not the dead run's sweep setting; COLDBENCH_NONCE is stripped from the
// environment for the same reason.
//
// A lease is stale when its expiry has passed (renewed with every change
// coldbench makes anyway: a renewal of its own would be one more configuration
// update, which on real Lambda retires warm environments mid-measurement), or at
// once when its holder ran on this host and its process is gone.

import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { TargetError } from './errors';

/** Lambda's limit on a function's Description (https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html#lambda-UpdateFunctionConfiguration-request-Description). */
const DESCRIPTION_MAX_CHARS = 256;

/** A lease is renewed with each change; a holder silent longer than this is presumed dead (other hosts only). */
export const LEASE_TTL_MS = 6 * 60 * 60 * 1000;

export const NONCE_VARIABLE = 'COLDBENCH_NONCE';

export interface LeaseHolder {
  readonly runId: string;
  readonly host: string;
  readonly pid: number;
  /** Epoch seconds. */
  readonly startedSec: number;
}

export interface Lease extends LeaseHolder {
  /** Epoch seconds. */
  readonly expiresSec: number;
  /** MemorySize of the function when the holder first changed it. */
  readonly originalMemoryMb: number;
}

const MARKER = /\s?\[coldbench-lease (\S+) ([^\s:]+):(\d+) (\d+) (\d+) (\d+)\]$/;

/** This process as a lease holder for run `runId`. */
export function holderFor(runId: string, at: Date = new Date()): LeaseHolder {
  return { runId, host: hostName(), pid: process.pid, startedSec: Math.floor(at.getTime() / 1000) };
}

/** A holder for a journal no run named (tests, tools): unique all the same. */
export function anonymousHolder(): LeaseHolder {
  return holderFor(`unnamed-${randomBytes(4).toString('hex')}`);
}

export function parseLease(description: string): Lease | undefined {
  const m = MARKER.exec(description);
  if (!m) return undefined;
  return {
    runId: m[1] as string,
    host: m[2] as string,
    pid: Number(m[3]),
    startedSec: Number(m[4]),
    expiresSec: Number(m[5]),
    originalMemoryMb: Number(m[6]),
  };
}

/** The description without coldbench's marker: what the user wrote. */
export function stripLease(description: string): string {
  return description.replace(MARKER, '');
}

/** `description` with a marker for `holder`, expiring LEASE_TTL_MS from `now`. */
export function withLease(description: string, holder: LeaseHolder, originalMemoryMb: number, now: Date = new Date()): string {
  const base = stripLease(description);
  const expires = Math.floor((now.getTime() + LEASE_TTL_MS) / 1000);
  const marker = `[coldbench-lease ${holder.runId} ${holder.host}:${holder.pid} ${holder.startedSec} ${expires} ${originalMemoryMb}]`;
  const out = base === '' ? marker : `${base} ${marker}`;
  if (out.length > DESCRIPTION_MAX_CHARS) {
    throw new LeaseError(`the function's description is ${base.length} characters: coldbench needs ${out.length - base.length} more for its lease marker, and Lambda allows ${DESCRIPTION_MAX_CHARS} in all; shorten the description`);
  }
  return out;
}

export function sameHolder(lease: LeaseHolder, holder: LeaseHolder): boolean {
  return lease.runId === holder.runId;
}

/** Why `lease` is stale, or undefined when its holder may still be running. */
export function staleReason(lease: Lease, now: Date = new Date()): string | undefined {
  if (lease.expiresSec * 1000 <= now.getTime()) return `it expired at ${iso(lease.expiresSec)}`;
  if (lease.host === hostName() && !processAlive(lease.pid)) return `process ${lease.pid} on this host is gone`;
  return undefined;
}

export function describeLease(lease: Lease): string {
  return `run ${lease.runId} (host ${lease.host}, pid ${lease.pid}, started ${iso(lease.startedSec)})`;
}

/** The environment without coldbench's own variable; null stays null. */
export function stripNonce(environment: Readonly<Record<string, string>> | null): Readonly<Record<string, string>> | null {
  if (environment === null || !(NONCE_VARIABLE in environment)) return environment;
  const rest: Record<string, string> = { ...environment };
  delete rest[NONCE_VARIABLE];
  return rest;
}

/** The function is leased by another live run, or its lease cannot be written: change nothing. */
export class LeaseError extends TargetError {
  // A TargetError before any invocation exits 2, as a target that cannot be used does.
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function hostName(): string {
  // The marker is space- and colon-separated; a host name has neither, but keep it so whatever the OS says.
  return (os.hostname().replace(/[\s:\]]/g, '-') || 'host').slice(0, 40);
}

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
