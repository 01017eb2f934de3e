// Lambda's runtime identifiers that coldbench knows, each with its family:
// how a function of that runtime is started (a language's runtime client, or
// the function's own ./bootstrap). The local service supports exactly these;
// the order is the one messages list them in.

export type RuntimeFamilyName = 'nodejs' | 'python' | 'provided';

const FAMILY_OF = {
  'nodejs18.x': 'nodejs',
  'nodejs20.x': 'nodejs',
  'nodejs22.x': 'nodejs',
  'nodejs24.x': 'nodejs',
  'python3.9': 'python',
  'python3.10': 'python',
  'python3.11': 'python',
  'python3.12': 'python',
  'python3.13': 'python',
  'python3.14': 'python',
  provided: 'provided',
  'provided.al2': 'provided',
  'provided.al2023': 'provided',
} as const satisfies Record<string, RuntimeFamilyName>;

export type Runtime = keyof typeof FAMILY_OF;

export const RUNTIMES: readonly Runtime[] = Object.keys(FAMILY_OF) as Runtime[];

export function isRuntime(value: string): value is Runtime {
  return Object.hasOwn(FAMILY_OF, value);
}

/** undefined: not a runtime identifier coldbench knows (Lambda may still have it, e.g. java21). */
export function runtimeFamilyOf(runtime: string): RuntimeFamilyName | undefined {
  return isRuntime(runtime) ? FAMILY_OF[runtime] : undefined;
}

/** The identifiers of one family, in list order. */
export function runtimesOf(family: RuntimeFamilyName): readonly Runtime[] {
  return RUNTIMES.filter((r) => FAMILY_OF[r] === family);
}
