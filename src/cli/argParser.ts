// A small, strict command-line parser: `--name value`, `--name=value`, `-x value`, flags, repeatable options and
// `--` to end options. Every mistake becomes a UsageError that names the option and the command.

/** A mistake on the command line: reported on stderr with exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Long name without dashes, e.g. `format`. */
  readonly name: string;
  /** Single-letter alias without the dash, e.g. `f`. */
  readonly short?: string;
  /** Whether the option takes a value (otherwise it is a flag). */
  readonly value?: string;
  readonly repeatable?: boolean;
}

export interface ParsedArgs {
  /** Flags map to `[]`; valued options to their values in order. */
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** "did you mean --format?" for a near miss, or ''. */
export function suggestion(given: string, known: readonly string[]): string {
  let best: string | undefined, bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(given, k);
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  // Single-letter options are too short for a guess to mean anything.
  if (given.length <= 2 || best === undefined) return '';
  return bestDistance <= Math.max(2, Math.floor(given.length / 3)) ? ` (did you mean ${best}?)` : '';
}

/** The next word is a value unless it looks like an option (`-` alone is a value: "standard output"). */
function takesNext(next: string | undefined): next is string {
  return next !== undefined && (next === '-' || !next.startsWith('-'));
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  const known = specs.flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]);

  const record = (spec: OptionSpec, shown: string, value: string | undefined): void => {
    const values = options.get(spec.name);
    if (values && !spec.repeatable) throw new UsageError(`option ${shown} was given more than once`, command);
    if (spec.value !== undefined) {
      if (value === undefined) throw new UsageError(`option ${shown} needs a value (${shown} ${spec.value})`, command);
    } else if (value !== undefined) {
      throw new UsageError(`option ${shown} takes no value (got '${value}')`, command);
    }
    options.set(spec.name, [...(values ?? []), ...(value === undefined ? [] : [value])]);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}${suggestion(`--${name}`, known)}`, command);
      let value = eq >= 0 ? arg.slice(eq + 1) : undefined;
      if (value === undefined && spec.value !== undefined && takesNext(argv[i + 1])) value = argv[++i];
      record(spec, `--${name}`, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const spec = byShort.get(arg.slice(1, 2));
      if (!spec) throw new UsageError(`unknown option ${arg}${suggestion(arg, known)}`, command);
      let value: string | undefined;
      if (arg.length > 2) {
        // `-fjson` / `-f=json`; bundled flags (`-ab`) are not supported, so say so rather than guess.
        if (spec.value === undefined) throw new UsageError(`unknown option ${arg}${suggestion(arg, known)}`, command);
        value = arg.slice(2).replace(/^=/, '');
      } else if (spec.value !== undefined && takesNext(argv[i + 1])) {
        value = argv[++i];
      }
      record(spec, `-${spec.short}`, value);
    } else {
      positionals.push(arg);
    }
  }
  return { options, positionals };
}
