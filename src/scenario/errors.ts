// A bad scenario is refused with one line per problem, each naming the file,
// the line where the parser knows it, and the field path:
//   scenarios/x.yaml:14: phases[2].pattern: unknown pattern "sequentail" (…)
// What a refusal does to a process (the CLI's exit 2) is its caller's business.

export type FieldPath = readonly (string | number)[];

export interface Problem {
  readonly path: FieldPath;
  readonly message: string;
  /** 1-based; undefined when the parser cannot place it. */
  readonly line?: number;
  readonly col?: number;
}

/** `phases[2].pattern`; the empty path is the whole file. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

export function formatProblem(displayFile: string, p: Problem): string {
  const where = p.line === undefined ? displayFile : p.col === undefined ? `${displayFile}:${p.line}` : `${displayFile}:${p.line}:${p.col}`;
  const field = formatPath(p.path);
  return field === '' ? `${where}: ${p.message}` : `${where}: ${field}: ${p.message}`;
}

const MAX_SHOWN = 10;

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  /** `file`: the scenario file as shown in messages. */
  constructor(readonly file: string, readonly problems: readonly Problem[]) {
    super(ScenarioError.render(file, problems));
  }

  private static render(file: string, problems: readonly Problem[]): string {
    const lines = problems.slice(0, MAX_SHOWN).map((p) => formatProblem(file, p));
    if (problems.length > MAX_SHOWN) lines.push(`… and ${problems.length - MAX_SHOWN} more problems`);
    return lines.join('\n');
  }
}
