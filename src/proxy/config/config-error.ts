/** One thing wrong with a config file, at one place in it. */
export interface ConfigProblem {
  /** Dotted path into the file, e.g. `model_list[1].litellm_params.rpm`; empty for the whole file. */
  path: string;
  message: string;
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
}

/**
 * A config file llmux refuses to start with. The message names the file, the path and what is
 * wrong, and never contains a value read from the environment.
 *
 * @example
 * try { parseConfig(text, { source: 'config.yaml' }); }
 * catch (error) { if (error instanceof ConfigError) console.error(error.message); }
 * // config.yaml: model_list[2].litellm_params.model: Required (line 14)
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string | undefined;
  /** Path of the first problem. */
  readonly path: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Every problem found, the first of which is also in `path`. */
  readonly problems: readonly ConfigProblem[];

  constructor(file: string | undefined, problems: ConfigProblem | readonly ConfigProblem[]) {
    const list = Array.isArray(problems) ? (problems as readonly ConfigProblem[]) : [problems as ConfigProblem];
    super(list.map((problem) => formatProblem(file, problem)).join('\n'));
    const first = list[0];
    this.file = file;
    this.path = first?.path ?? '';
    this.line = first?.line;
    this.column = first?.column;
    this.problems = list;
  }
}

/** `config.yaml: model_list[0].litellm_params.rpm: expected a number (line 7)` */
export function formatProblem(file: string | undefined, problem: ConfigProblem): string {
  const where = [file, problem.path].filter((part) => part !== undefined && part !== '').join(': ');
  const position =
    problem.line === undefined
      ? ''
      : ` (line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`})`;
  return `${where === '' ? '' : `${where}: `}${problem.message}${position}`;
}

/** Turns `['model_list', 1, 'litellm_params', 'rpm']` into `model_list[1].litellm_params.rpm`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment))
      text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
