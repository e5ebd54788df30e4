// `cosmos-guard scan --help`.

export const SCAN_USAGE = `Usage: cosmos-guard scan [PATH...] [options]
       cosmos-guard scan --git [REV...] [options]
       cosmos-guard scan --staged [options]

Finds hard-coded Azure Cosmos DB account keys, connection strings and vCore passwords,
and Cosmos DB clients that authenticate with keys, in files and folders (default: the
current folder), in git history, or in what is staged for the next commit. Folders are
walked recursively; hidden files and folders (.env, .github/) are scanned, .git/ is not;
binary files and files over the size limit are skipped and counted. Symbolic links are
followed only to folders inside the scanned ones; links that lead outside or nowhere are
reported and skipped.

Options:
  -f, --format text|json|sarif  report format (default: text)
  -o, --output FILE             write the report to FILE instead of standard output
      --no-gitignore            also scan what .gitignore and .git/info/exclude ignore
                                (files git tracks are scanned either way)
      --exclude GLOB            skip matching files and folders; repeatable
                                ('*.min.js' matches at any depth, 'dist/**' from the base)
      --max-file-size BYTES     skip larger files (default 5242880 = 5 MiB; 512k, 10M also work)
      --git                     scan git history instead of files: every file version added
                                by the commits of REV... (default: all history reachable
                                from HEAD; e.g. origin/main..HEAD)
      --staged                  scan the staged version of every changed file: what
                                'git commit' would record (for pre-commit hooks)
      --baseline FILE           a previous JSON report: findings whose fingerprint it holds
                                are reported as unchanged and do not fail the scan
      --disable-rule RULE       do not run RULE; repeatable. Only rules that report no secret
                                can be turned off: cosmos-key-based-client
      --fail-on LEVEL           lowest severity that fails the scan: error, warning (default)
                                or info. Information findings (cosmos-key-based-client) are
                                reported but do not change the exit code unless --fail-on info
      --verify                  check each finding against the current keys of the Azure
                                Cosmos DB accounts you can list (see below; files only)
      --arm-endpoint URL        with --verify: Azure Resource Manager endpoint, https only
                                (default https://management.azure.com)
  -h, --help                    show this help

Paths in reports are relative to the scanned folder (with several PATHs, to the folder
that holds them all; with --git and --staged, to the repository root) and use '/'
separators. The text report prints one finding per line ("file:line:column: severity
rule message", with "(commit ID, DATE)" for --git) and a summary on standard error;
names are shown with control characters escaped. JSON findings from --git carry
"commit" (the full id of the commit that added the secret to the file) and "authorDate";
SARIF results carry them in "properties".

What is committed is scanned: in a git repository, files git tracks are scanned even
when .gitignore matches them (read from .git/index, without running git); untracked
ignored files are skipped. --git and --staged run git (2.31 or later) with every
setting that could make it run another program switched off.

Suppressions: a comment 'cosmos-guard-ignore <rule> reason=<why> [until=YYYY-MM-DD]' on a
finding's line or the line above it, or a '<path> <fingerprint> reason=<why>' line in a
.cosmosguardignore file (in the base folder and its parents up to the repository root;
outside a repository, the base folder's only). Suppressed findings are left out of the
text report and the exit code, listed under "suppressed" in JSON and with
"suppressions" in SARIF; invalid or expired suppressions are warned about on stderr.

Verification (--verify): a finding whose endpoint host (the host in its connection string,
or next to it) belongs to an account you can list is compared with that account's current
keys (listKeys, only for those accounts; compared in memory, never printed). JSON findings
get "verified": {"account": RESOURCE_ID, "keyKind": "primary"|…} when the secret is a
current key, null otherwise (also for bare keys without a host, which are not checked, and
vCore passwords); text lines end with "(verified: …)"; SARIF results get properties.verified.
Credentials as for 'posture': COSMOS_GUARD_ARM_TOKEN, else DefaultAzureCredential; needs
Microsoft.DocumentDB/databaseAccounts/listKeys/action on the matched accounts. Without
--verify, scan makes no network request.

Key-based clients: cosmos-key-based-client reports Cosmos DB SDK clients
(JavaScript/TypeScript, Python, C#, Java) constructed with an account key or a connection
string, as information (SARIF level "note"); JSON findings of this rule carry "client":
{"language", "credential", "source", "rewrite"}. It is not a secret; --verify does not
check it.

Exit codes: 0 no (unsuppressed, new) findings at or above --fail-on, 1 such findings,
2 usage error, a file or git object that could not be read, a failed scan worker, or
--verify could not read every account it needed (the report still says what was found
and verified).
`;
