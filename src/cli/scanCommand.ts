// `cosmos-guard scan [PATH...]`: finds hard-coded Cosmos DB secrets in files and folders.
import fs from 'node:fs';
import path from 'node:path';
import { ArmEndpointError, AZURE_PUBLIC_CLOUD, cloudForEndpoint, type ArmCloud } from '../azure/armCloud';
import { createExcludeTest, isSwitchableScanRule, scanRuleById, SWITCHABLE_SCAN_RULES } from '../core/scan';
import { parseArgs, UsageError, type OptionSpec } from './argParser';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliCommand, type CliIo } from './cliIo';
import { type WalkRoot } from './fileWalker';
import { describeFsError } from './fsErrors';
import { loadIgnoreFiles, localToday } from './ignoreFiles';
import { DEFAULT_FAIL_ON, FAIL_ON_LEVELS, failingFindings, formatReport, formatSummary, REPORT_FORMATS, type FailOn, type ReportFormat } from './scanReport';
import { DEFAULT_MAX_FILE_SIZE, runScan } from './scanRunner';
import { type Verified } from './verifyRunner';
import { CLI_VERSION } from './version';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', short: 'f', value: 'text|json|sarif' },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'no-gitignore' },
  { name: 'exclude', value: 'GLOB', repeatable: true },
  { name: 'max-file-size', value: 'BYTES' },
  { name: 'disable-rule', value: 'RULE', repeatable: true },
  { name: 'fail-on', value: 'error|warning|info' },
  { name: 'verify' },
  { name: 'arm-endpoint', value: 'URL' },
  { name: 'help', short: 'h' },
];

export const SCAN_USAGE = `Usage: cosmos-guard scan [PATH...] [options]

Finds hard-coded Azure Cosmos DB account keys, connection strings and vCore passwords,
and Cosmos DB clients that authenticate with keys, in files and folders (default: the
current folder). Folders are walked recursively,
following symbolic links; hidden files and folders (.env, .github/) are scanned, .git/ is
not; binary files and files over the size limit are skipped and counted.

Options:
  -f, --format text|json|sarif  report format (default: text)
  -o, --output FILE             write the report to FILE instead of standard output
      --no-gitignore            also scan what .gitignore and .git/info/exclude ignore
      --exclude GLOB            skip matching files and folders; repeatable
                                ('*.min.js' matches at any depth, 'dist/**' from the base)
      --max-file-size BYTES     skip larger files (default 5242880 = 5 MiB; 512k, 10M also work)
      --disable-rule RULE       do not run RULE; repeatable. Only rules that report no secret
                                can be turned off: cosmos-key-based-client
      --fail-on LEVEL           lowest severity that fails the scan: error, warning (default)
                                or info. Information findings (cosmos-key-based-client) are
                                reported but do not change the exit code unless --fail-on info
      --verify                  check each finding against the current keys of the Azure
                                Cosmos DB accounts you can list (see below)
      --arm-endpoint URL        with --verify: Azure Resource Manager endpoint, https only
                                (default https://management.azure.com)
  -h, --help                    show this help

Paths in reports are relative to the scanned folder (with several PATHs, to the folder
that holds them all) and use '/' separators. The text report prints one finding per line
("file:line:column: severity rule message") and a summary on standard error.

Suppressions: a comment 'cosmos-guard-ignore <rule> reason=<why> [until=YYYY-MM-DD]' on a
finding's line or the line above it, or a '<path> <fingerprint> reason=<why>' line in a
.cosmosguardignore file (in the base folder or a parent up to the repository root). Suppressed
findings are left out of the text report and the exit code, listed under "suppressed" in JSON
and with "suppressions" in SARIF; invalid or expired suppressions are warned about on stderr.

Verification (--verify): a finding whose endpoint host (the host in its connection string,
or next to it) belongs to an account you can list is compared with that account's current
keys (listKeys, only for those accounts; compared in memory, never printed). JSON findings
get "verified": {"account": RESOURCE_ID, "keyKind": "primary"|…} when the secret is a
current key, null otherwise (also for bare keys without a host, which are not checked, and
vCore passwords); text lines end with "(verified: …)"; SARIF results get properties.verified.
Credentials as for 'posture': COSMOS_GUARD_ARM_TOKEN, else DefaultAzureCredential; needs
Microsoft.DocumentDB/databaseAccounts/listKeys/action on the matched accounts. Without
--verify, scan makes no network request.

Key-based clients: cosmos-key-based-client reports Cosmos DB SDK clients (JavaScript/TypeScript,
Python, C#, Java) constructed with an account key or a connection string, as information
(SARIF level "note"); JSON findings of this rule carry "client": {"language", "credential",
"source", "rewrite"}. It is not a secret; --verify does not check it.

Exit codes: 0 no (unsuppressed) findings at or above --fail-on, 1 such findings, 2 usage or
I/O error, or --verify could not read every account it needed (the report says what was
verified).
`;

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
    const { roots, base } = resolveRoots(args.positionals.length ? args.positionals : ['.'], io.cwd);
    const exclude = createExcludeTest(args.options.get('exclude') ?? []);

    // Open the report file before scanning, so that an unwritable path fails in a second, not after the scan.
    const outputName = one('output');
    let output: { fd: number; name: string } | undefined;
    if (outputName !== undefined && outputName !== '-') {
      try {
        output = { fd: fs.openSync(path.resolve(io.cwd, outputName), 'w'), name: outputName };
      } catch (e) {
        io.stderr(`cosmos-guard scan: error: cannot write the report to '${outputName}': ${describeFsError(e)}\n`);
        return EXIT_ERROR;
      }
    }

    const ignoreFiles = loadIgnoreFiles(base);
    for (const w of ignoreFiles.warnings) io.stderr(`cosmos-guard: warning: ${w.file}:${w.line}: entry ignored: ${w.message}\n`);
    const outcome = await runScan({
      roots,
      maxFileSize,
      suppressions: { entries: ignoreFiles.entries, today: localToday() },
      scanOptions: { keyBasedClients: !disabled.has('cosmos-key-based-client') },
      walk: { gitignore: !args.options.has('no-gitignore'), exclude, ignoreCase: process.platform === 'win32' || process.platform === 'darwin' },
    });
    for (const u of outcome.stats.unreadable) io.stderr(`cosmos-guard: warning: could not scan ${u.file}: ${u.reason}\n`);
    for (const w of outcome.suppressionWarnings) io.stderr(`cosmos-guard: warning: ${w.file}:${w.line}:${w.column}: ${w.message}\n`);
    let verification: { verified: readonly Verified[]; incomplete: boolean } | undefined;
    if (verify) {
      // The Azure SDK is loaded only for --verify: a plain scan makes no request and parses no SDK.
      const { runVerify } = await import('./azureRunners.js');
      const result = await runVerify({ cloud, base, findings: outcome.findings, env: process.env, userAgentPrefix: `cosmos-guard-cli/${CLI_VERSION}` });
      for (const e of result.errors) io.stderr(`cosmos-guard: warning: ${e}\n`);
      const live = result.verified.filter((v) => v !== null).length;
      io.stderr(`cosmos-guard: verified against ${result.accountsListed} ${result.accountsListed === 1 ? 'account' : 'accounts'} `
        + `(keys read for ${result.accountsChecked}): ${live} ${live === 1 ? 'finding is a current key' : 'findings are current keys'}`
        + `${result.errors.length ? '; incomplete, see the warnings above' : ''}${result.credentialSource ? ` (credential: ${result.credentialSource})` : ''}.\n`);
      verification = { verified: result.verified, incomplete: result.errors.length > 0 };
    }
    try {
      await writeReport(io, output, formatReport(format, outcome, CLI_VERSION, verification?.verified));
    } catch (e) {
      io.stderr(`cosmos-guard scan: error: cannot write the report to '${outputName ?? 'standard output'}': ${describeFsError(e)}\n`);
      return EXIT_ERROR;
    }
    io.stderr(formatSummary(outcome));
    if (verification?.incomplete) return EXIT_ERROR;
    // Suppressed findings are still in SARIF (with `suppressions`), but they do not fail the build; nor, unless
    // --fail-on says so, do information findings.
    return failingFindings(outcome.findings, failOn).length ? EXIT_FINDINGS : EXIT_CLEAN;
  },
};
