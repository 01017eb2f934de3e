// The instruction set architectures Lambda runs functions on, spelled as its
// API spells them (Architectures: ["x86_64"] or ["arm64"]).

export const ARCHITECTURES = ['x86_64', 'arm64'] as const;

export type Architecture = (typeof ARCHITECTURES)[number];

/** Lambda's default when a function names none. */
export const DEFAULT_ARCHITECTURE: Architecture = 'x86_64';

export function isArchitecture(value: unknown): value is Architecture {
  return value === 'x86_64' || value === 'arm64';
}
