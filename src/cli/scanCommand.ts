// `cosmos-guard scan [PATH...]`: finds hard-coded Cosmos DB secrets in files and folders.
import fs from 'node:fs';
import path from 'node:path';
import { ArmEndpointError, AZURE_PUBLIC_CLOUD, cloudForEndpoint, type ArmCloud } from '../azure/armCloud';
import { CatFileError, RawDiffError } from '../core/git';
import { createExcludeTest, DEFAULT_MAX_FILE_SIZE, isSwitchableScanRule, scanRuleById, SWITCHABLE_SCAN_RULES, type ExcludeTest, type FileScanOptions } from '../core/scan';
import { localToday } from '../shared/localToday';
import { parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './argParser';
import { readBaseline } from './baseline';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliCommand, type CliIo } from './cliIo';
import { type WalkRoot } from './fileWalker';
import { describeFsError } from '../shared/fsErrors';
import { GitError } from './gitProcess';
import { repositoryRoot, runGitScan, type GitScanMode } from './gitScan';
import { loadIgnoreFiles, type IgnoreFileWarning } from './ignoreFiles';
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS, failingFindings, formatReport, formatSummary, REPORT_FORMATS, type FailOn, type ReportFormat } from './scanReport';
import { runScan, type ScanOutcome } from './scanRunner';
import { SCAN_USAGE } from './scanUsage';
import { escapeMessage, escapeName } from './terminalText';
import { type Verified } from './verifyRunner';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: 'text|json|sarif' },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'no-gitignore' },
  { name: 'exclude', value: 'GLOB', repeatable: true },
  { name: 'max-file-size', value: 'BYTES' },
  { name: 'git' },
  { name: 'staged' },
  { name: 'baseline', value: 'FILE' },
  { name: 'disable-rule', value: 'RULE', repeatable: true },
  { name: 'fail-on', value: 'error|warning|info' },
  { name: 'verify' },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'help', short: 'h' },
];

export { SCAN_USAGE };

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `5242880`, `512k`, `10M`, `1MiB`, `2KB` (binary multiples). */
export function parseByteSize(text: string): number {
  const m = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  const n = m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--max-file-size needs a positive number of bytes such as 5242880, 512k or 10M (got '${text}')`, 'scan');
  }
  return n;
}

function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined) return DEFAULT_FAIL_ON;
  if ((FAIL_ON_LEVELS as readonly string[]).includes(value)) return value as FailOn;
  throw new UsageError(`--fail-on must be one of ${FAIL_ON_LEVELS.join(', ')} (got '${value}')`, 'scan');
}

/** `--disable-rule` values: rules that report no secret. A secret rule cannot be turned off, only a finding suppressed. */
function parseDisabledRules(values: readonly string[]): Set<string> {
  for (const id of values) {
    if (isSwitchableScanRule(id)) continue;
    const why = scanRuleById(id) ? `'${id}' reports secrets and cannot be turned off (suppress a finding with a cosmos-guard-ignore comment or .cosmosguardignore)`
      : `unknown rule '${id}'`;
    throw new UsageError(`--disable-rule: ${why}; rules that can be turned off: ${SWITCHABLE_SCAN_RULES.join(', ')}`, 'scan');
  }
  return new Set(values);
}

function parseFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'text';
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got '${value}')`, 'scan');
}

/** The deepest folder that holds every root (a file root counts as its folder). */
function commonBase(dirs: readonly string[]): string {
  let base = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (base !== d && !d.startsWith(base.endsWith(path.sep) ? base : base + path.sep)) {
      const up = path.dirname(base);
      if (up === base) break;
      base = up;
    }
  }
  return base;
}

function resolveRoots(paths: readonly string[], cwd: string): { roots: WalkRoot[]; base: string } {
  const resolved = paths.map((p) => {
    if (p === '') throw new UsageError('PATH must not be empty', 'scan');
    const absPath = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(absPath);
    } catch (e) {
      throw new UsageError(`cannot scan '${p}': ${describeFsError(e)}`, 'scan');
    }
    if (!st.isDirectory() && !st.isFile()) throw new UsageError(`cannot scan '${p}': not a regular file or folder`, 'scan');
    return { absPath, isDirectory: st.isDirectory() };
  });
  const base = commonBase(resolved.map((r) => (r.isDirectory ? r.absPath : path.dirname(r.absPath))));
  const roots = resolved.map((r) => ({ ...r, relPath: path.relative(base, r.absPath).split(path.sep).join('/') }));
  return { roots, base };
}

async function writeReport(io: CliIo, output: { fd: number; name: string } | undefined, text: string): Promise<void> {
  if (!output) {
    await io.stdout(text);
    return;
  }
  try {
    fs.writeFileSync(output.fd, text);
  } finally {
    fs.closeSync(output.fd);
  }
}

/** Where the scan reads from: the working tree (PATHs), git history (REVs), or the index. */
type ScanSource = { readonly kind: 'files' } | GitScanMode;

function parseSource(args: ParsedArgs): ScanSource {
  const git = args.options.has('git');
  const staged = args.options.has('staged');
  if (git && staged) throw new UsageError('--git and --staged cannot be combined', 'scan');
  if (!git && !staged) return { kind: 'files' };
  const mode = git ? '--git' : '--staged';
  if (args.options.has('no-gitignore')) throw new UsageError(`--no-gitignore has no effect with ${mode}: only committed or staged content is scanned`, 'scan');
  if (args.options.has('verify')) throw new UsageError(`--verify reads secrets from the files on disk; it cannot be combined with ${mode}`, 'scan');
  if (staged) {
    if (args.positionals.length) throw new UsageError('--staged scans the whole index and takes no PATH or REV', 'scan');
    return { kind: 'staged' };
  }
  for (const rev of args.positionals) {
    // Never let a revision be read as an option of git's (`--output=…`); git is also told where options end.
    if (rev === '' || rev.startsWith('-')) throw new UsageError(`'${rev}' is not a revision or range (git options cannot be passed through)`, 'scan');
  }
  return { kind: 'history', revisions: args.positionals };
}

/** Runs the scan the arguments ask for; the base folder is what finding paths are relative to. */
async function scanSource(source: ScanSource, args: ParsedArgs, io: CliIo,
  common: { maxFileSize: number; exclude: ExcludeTest; scanOptions: FileScanOptions }): Promise<{
  outcome: ScanOutcome; base: string; ignoreWarnings: readonly IgnoreFileWarning[];
}> {
  if (source.kind === 'files') {
    const { roots, base } = resolveRoots(args.positionals.length ? args.positionals : ['.'], io.cwd);
    const ignoreFiles = await loadIgnoreFiles(base);
    const outcome = await runScan({
      roots,
      maxFileSize: common.maxFileSize,
      suppressions: { entries: ignoreFiles.entries, today: localToday() },
      scanOptions: common.scanOptions,
      walk: { gitignore: !args.options.has('no-gitignore'), exclude: common.exclude, ignoreCase: process.platform === 'win32' || process.platform === 'darwin' },
    });
    return { outcome, base, ignoreWarnings: ignoreFiles.warnings };
  }
  const root = await repositoryRoot(io.cwd);
  const ignoreFiles = await loadIgnoreFiles(root);
  const outcome = await runGitScan({ root, mode: source, ...common, suppressions: { entries: ignoreFiles.entries, today: localToday() } });
  return { outcome, base: root, ignoreWarnings: ignoreFiles.warnings };
}

function reportWarnings(io: CliIo, outcome: ScanOutcome, ignoreWarnings: readonly IgnoreFileWarning[]): void {
  for (const w of ignoreWarnings) io.stderr(`cosmos-guard: warning: ${escapeName(w.file)}:${w.line}: entry ignored: ${escapeMessage(w.message)}\n`);
  for (const p of outcome.gitProblems) io.stderr(`cosmos-guard: warning: ${escapeMessage(p)}; .gitignore applied to tracked files too\n`);
  for (const l of outcome.skippedLinks) io.stderr(`cosmos-guard: warning: skipped ${escapeName(l.file)}: ${escapeMessage(l.reason)}\n`);
  for (const u of outcome.stats.unreadable) io.stderr(`cosmos-guard: error: could not scan ${escapeName(u.file)}: ${escapeMessage(u.reason)}\n`);
  for (const e of outcome.errors) io.stderr(`cosmos-guard: error: ${escapeMessage(e)}\n`);
  for (const w of outcome.suppressionWarnings) io.stderr(`cosmos-guard: warning: ${escapeName(w.file)}:${w.line}:${w.column}: ${escapeMessage(w.message)}\n`);
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'find hard-coded Azure Cosmos DB keys and connection strings, and key-based clients',
  usage: SCAN_USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, OPTIONS, 'scan');
    const one = (name: string): string | undefined => args.options.get(name)?.[0];
    if (args.options.has('help')) {
      await io.stdout(SCAN_USAGE);
      return EXIT_CLEAN;
    }
    const format = parseFormat(one('format'));
    const source = parseSource(args);
    const failOn = parseFailOn(one('fail-on'));
    const disabled = parseDisabledRules(args.options.get('disable-rule') ?? []);
    const verify = args.options.has('verify');
    let cloud: ArmCloud = AZURE_PUBLIC_CLOUD;
    const endpoint = one('arm-endpoint');
    if (endpoint !== undefined) {
      if (!verify) throw new UsageError('--arm-endpoint is only used with --verify', 'scan');
      try {
        cloud = cloudForEndpoint(endpoint);
      } catch (e) {
        if (e instanceof ArmEndpointError) throw new UsageError(`--arm-endpoint: ${e.message}`, 'scan');
        throw e;
      }
    }
    const maxFileSize = one('max-file-size') === undefined ? DEFAULT_MAX_FILE_SIZE : parseByteSize(one('max-file-size')!);
    const exclude = createExcludeTest(args.options.get('exclude') ?? []);
    const baselineFile = one('baseline');
    const baseline = baselineFile === undefined ? undefined : readBaseline(baselineFile, io.cwd);

    // Open the report file before scanning, so that an unwritable path fails in a second, not after the scan.
    const outputName = one('output');
    let output: { fd: number; name: string } | undefined;
    if (outputName !== undefined && outputName !== '-') {
      try {
        output = { fd: fs.openSync(path.resolve(io.cwd, outputName), 'w'), name: outputName };
      } catch (e) {
        io.stderr(`cosmos-guard scan: error: cannot write the report to '${escapeName(outputName)}': ${describeFsError(e)}\n`);
        return EXIT_ERROR;
      }
    }

    let scanned: Awaited<ReturnType<typeof scanSource>>;
    try {
      scanned = await scanSource(source, args, io, { maxFileSize, exclude, scanOptions: { keyBasedClients: !disabled.has('cosmos-key-based-client') } });
    } catch (e) {
      if (output) fs.closeSync(output.fd);
      if (!(e instanceof GitError || e instanceof RawDiffError || e instanceof CatFileError)) throw e;
      io.stderr(`cosmos-guard scan: error: git: ${escapeMessage(e.message)}\n`);
      return EXIT_ERROR;
    }
    const { outcome, base } = scanned;
    reportWarnings(io, outcome, scanned.ignoreWarnings);
    let verification: { verified: readonly Verified[]; incomplete: boolean } | undefined;
    if (verify) {
      // The Azure SDK is loaded only for --verify: a plain scan makes no request and parses no SDK.
      const { runVerify } = await import('./azureRunners.js');
      const result = await runVerify({ cloud, base, findings: outcome.findings, env: process.env, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}` });
      for (const e of result.errors) io.stderr(`cosmos-guard: warning: ${escapeMessage(e)}\n`);
      const live = result.verified.filter((v) => v !== null).length;
      io.stderr(`cosmos-guard: verified against ${result.accountsListed} ${result.accountsListed === 1 ? 'account' : 'accounts'} `
        + `(keys read for ${result.accountsChecked}): ${live} ${live === 1 ? 'finding is a current key' : 'findings are current keys'}`
        + `${result.errors.length ? '; incomplete, see the warnings above' : ''}${result.credentialSource ? ` (credential: ${result.credentialSource})` : ''}.\n`);
      verification = { verified: result.verified, incomplete: result.errors.length > 0 };
    }
    try {
      await writeReport(io, output, formatReport(format, outcome, CLI_VERSION, { ...(verification ? { verified: verification.verified } : {}), ...(baseline ? { baseline } : {}) }));
    } catch (e) {
      io.stderr(`cosmos-guard scan: error: cannot write the report to '${escapeName(outputName ?? 'standard output')}': ${describeFsError(e)}\n`);
      return EXIT_ERROR;
    }
    io.stderr(formatSummary(outcome, baseline));
    // A scan that could not read everything it should have is not a clean result, whatever it found.
    if (verification?.incomplete || outcome.stats.unreadable.length || outcome.errors.length) return EXIT_ERROR;
    // Suppressed (and, with --baseline, known) findings are still in SARIF, but they do not fail the build; nor,
    // unless --fail-on says so, do information findings.
    return failingFindings(outcome.findings, { ...(baseline ? { baseline } : {}), failOn }).length ? EXIT_FINDINGS : EXIT_CLEAN;
  },
};
