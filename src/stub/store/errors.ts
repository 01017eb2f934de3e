// A bad function.json or functions folder. The message names the file and
// the field, so the CLI can print it as is (exit 2) without a stack trace.

export class FunctionConfigError extends Error {
  override readonly name = 'FunctionConfigError';
  constructor(readonly file: string, readonly field: string | undefined, detail: string) {
    super(field === undefined ? `${file}: ${detail}` : `${file}: field "${field}": ${detail}`);
  }
}
