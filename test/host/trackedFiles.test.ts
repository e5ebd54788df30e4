// What is committed is scanned, in a real extension host: the workspace folder becomes a git repository for these
// tests (made here, removed after), files git tracks are scanned although .gitignore matches them, untracked
// ignored files are not, a change of the index is followed, and the environment-variable fix does not hide a
// secret in a tracked .env.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { CommandId } from '../../src/platform/commandIds';
import { legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, waitFor, waitForDiagnostics } from './support/waitFor';
import {
  closeAllEditors, EXTENSION_ID, openFile, readWorkspaceFile, removeWorkspacePath, scanWorkspace, workspaceRoot, workspaceUri, writeWorkspaceFile,
} from './support/workspaceFiles';

const conn = (seed: number): string => `AccountEndpoint=https://tr${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed), { alphanumericOnly: true })};`;
const has = (path: string): boolean => cosmosGuardDiagnostics(workspaceUri(path)).length > 0;

function git(...args: string[]): string {
  return gitIn(workspaceRoot().fsPath, ...args);
}

function gitIn(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('tracked files', () => {
  let api: CosmosGuardTestApi;
  // What a hang needs explained: the file events for repositories and their indexes as a test's own watchers saw
  // them, and the extension's log (which notes the same events as it handles them, and why a live scan skipped a file).
  const fileEvents: string[] = [];
  const watchers: vscode.Disposable[] = [];
  const evidence = (): string => {
    const log = api.log.lines().slice(-25);
    return `file events seen by the test:\n  ${fileEvents.slice(-30).join('\n  ') || '(none)'}\nlast log lines:\n  ${log.join('\n  ') || '(none)'}`;
  };
  before(async () => {
    api = await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate();
    for (const glob of ['**/.git', '**/.git/index', '**/tr/*', '**/tr/*/*']) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const note = (what: string) => (uri: vscode.Uri): void => void fileEvents.push(`${new Date().toISOString()} ${what} ${vscode.workspace.asRelativePath(uri)}`);
      watchers.push(watcher, watcher.onDidCreate(note('created')), watcher.onDidChange(note('changed')), watcher.onDidDelete(note('deleted')));
    }
    git('init', '-q');
  });

  after(async () => {
    for (const w of watchers) w.dispose();
    await closeAllEditors();
    for (const p of ['.git', 'tr', '.env', '.gitignore']) await removeWorkspacePath(p);
    await vscode.commands.executeCommand(CommandId.clearFindings);
  });

  it('scans files git tracks although .gitignore matches them, not untracked ignored ones, and follows the index', async () => {
    await writeWorkspaceFile('tr/.gitignore', '*.env\nbuild/\n');
    await writeWorkspaceFile('tr/committed.env', `A=${conn(1)}\n`);
    await writeWorkspaceFile('tr/local.env', `B=${conn(2)}\n`);
    await writeWorkspaceFile('tr/build/kept.js', `x("${conn(3)}")\n`);
    await writeWorkspaceFile('tr/build/other.js', `x("${conn(4)}")\n`);
    git('add', 'tr/.gitignore');
    git('add', '-f', 'tr/committed.env', 'tr/build/kept.js');
    git('commit', '-q', '-m', 'committed before it was ignored');

    await scanWorkspace();
    assert.ok(has('tr/committed.env'), 'a tracked .env is scanned');
    assert.ok(has('tr/build/kept.js'), 'a tracked file in an ignored folder is scanned');
    assert.ok(!has('tr/local.env'), 'an untracked ignored file is not');
    assert.ok(!has('tr/build/other.js'), 'nor an untracked file in an ignored folder');

    // Live scanning agrees, and follows the index: once the file is tracked, its open document is scanned.
    await vscode.commands.executeCommand(CommandId.clearFindings);
    await openFile(workspaceUri('tr/committed.env'));
    await waitForDiagnostics(workspaceUri('tr/committed.env'), (d) => d.length === 1, 'the tracked file\'s finding');
    await openFile(workspaceUri('tr/local.env'));
    assert.equal(cosmosGuardDiagnostics(workspaceUri('tr/local.env')).length, 0);
    git('add', '-f', 'tr/local.env');
    await waitForDiagnostics(workspaceUri('tr/local.env'), (d) => d.length === 1, 'the newly tracked file\'s finding', undefined, evidence);
  });

  it('lets a repository nested in the folder decide inside it, live too, and follows its index', async () => {
    await writeWorkspaceFile('tr/.gitignore', '*.env\n');
    await writeWorkspaceFile('tr/nested/.gitignore', 'secret.env\nlocal/\n');
    await writeWorkspaceFile('tr/nested/secret.env', `A=${conn(6)}\n`);
    await writeWorkspaceFile('tr/nested/other.env', `B=${conn(7)}\n`);
    await writeWorkspaceFile('tr/nested/local/later.js', `x("${conn(8)}")\n`);
    git('-C', 'tr/nested', 'init', '-q');
    git('-C', 'tr/nested', 'add', '-f', 'secret.env');

    await scanWorkspace();
    assert.ok(has('tr/nested/secret.env'), 'a file the nested repository tracks is scanned although its .gitignore matches it');
    assert.ok(has('tr/nested/other.env'), 'the outer *.env does not reach into the nested repository');
    assert.ok(!has('tr/nested/local/later.js'), 'an untracked file the nested repository ignores is not');

    // Live scanning agrees, and follows the nested repository's index.
    await vscode.commands.executeCommand(CommandId.clearFindings);
    await openFile(workspaceUri('tr/nested/secret.env'));
    await waitForDiagnostics(workspaceUri('tr/nested/secret.env'), (d) => d.length === 1, 'the nested tracked file\'s finding');
    await openFile(workspaceUri('tr/nested/local/later.js'));
    await api.scanner.liveScansIdle();
    assert.equal(cosmosGuardDiagnostics(workspaceUri('tr/nested/local/later.js')).length, 0);
    git('-C', 'tr/nested', 'add', '-f', 'local/later.js');
    await waitForDiagnostics(workspaceUri('tr/nested/local/later.js'), (d) => d.length === 1, 'the finding once the nested repository tracks it', undefined, evidence);

    // A repository made inside the folder while one of its files is open: once it exists, its rules decide there.
    await writeWorkspaceFile('tr/fresh/x.env', `C=${conn(9)}\n`);
    await openFile(workspaceUri('tr/fresh/x.env'));
    await api.scanner.liveScansIdle(); // its live scan is done: the verdict below is the one made before the repository
    assert.equal(cosmosGuardDiagnostics(workspaceUri('tr/fresh/x.env')).length, 0, 'the outer *.env ignores it');
    git('-C', 'tr/fresh', 'init', '-q');
    git('-C', 'tr/fresh', 'add', 'x.env');
    await waitForDiagnostics(workspaceUri('tr/fresh/x.env'), (d) => d.length === 1, 'the finding once a repository of its own holds it', undefined, evidence);
  });

  it('reads the rules again when a folder it knew is replaced by one holding a repository (no event for what it holds)', async () => {
    // A folder moved into place arrives with its contents: the watcher reports the folder, never its `.git` (nor
    // does it for a folder made just before a repository in it, when the watcher is busy: parcel-bundler/watcher#243).
    await writeWorkspaceFile('tr/.gitignore', '*.env\n');
    const content = `D=${conn(10)}\n`;
    await writeWorkspaceFile('tr/moved/x.env', content);
    await openFile(workspaceUri('tr/moved/x.env'));
    await api.scanner.liveScansIdle();
    assert.equal(cosmosGuardDiagnostics(workspaceUri('tr/moved/x.env')).length, 0, 'the outer *.env ignores it');

    // The same file, now in a repository of its own, made next to the workspace and moved in where the folder was.
    const outside = fs.mkdtempSync(path.join(path.dirname(workspaceRoot().fsPath), 'moved-'));
    const replacement = path.join(outside, 'moved');
    fs.mkdirSync(replacement);
    fs.writeFileSync(path.join(replacement, 'x.env'), content);
    gitIn(replacement, 'init', '-q');
    gitIn(replacement, 'add', 'x.env');
    const folder = workspaceUri('tr/moved').fsPath;
    fs.renameSync(folder, path.join(outside, 'old'));
    fs.renameSync(replacement, folder);
    try {
      await waitForDiagnostics(workspaceUri('tr/moved/x.env'), (d) => d.length === 1, 'the finding once the folder holds a repository', undefined, evidence);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('tells the user that .env is tracked and untracks it (git rm --cached) before moving a secret into it', async () => {
    await writeWorkspaceFile('.env', 'PORT=3000\n');
    await writeWorkspaceFile('.gitignore', '.env\n');
    git('add', '-f', '.env', '.gitignore');
    git('commit', '-q', '-m', 'env');
    const uri = await writeWorkspaceFile('tr/app.js', `const c = "${conn(5)}";\n`);
    await openFile(uri);
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the finding');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
    const fix = actions.find((a) => a.command?.command === CommandId.replaceWithEnvVariable)!;
    const run = (answers: object): Thenable<{ untracked: boolean; stillTracked: boolean; addedToGitignore: boolean } | undefined> =>
      vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments as unknown[]), answers);

    const kept = await run({ trackedEnv: 'keep' });
    assert.deepEqual(kept && { untracked: kept.untracked, stillTracked: kept.stillTracked, addedToGitignore: kept.addedToGitignore },
      { untracked: false, stillTracked: true, addedToGitignore: false });
    assert.equal(git('ls-files', '--', '.env').trim(), '.env', 'kept tracked, as the user chose');
    assert.match((await readWorkspaceFile('.env'))!, /^PORT=3000\nCOSMOS_CONNECTION_STRING='/);

    await writeWorkspaceFile('tr/app.js', `const c = "${conn(6)}";\n`);
    await waitFor(() => (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText().includes(conn(6)) ? true : undefined),
      () => 'tr/app.js to be reloaded');
    const [again] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the new finding');
    const actions2 = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, again!.range);
    const fix2 = actions2.find((a) => a.command?.command === CommandId.replaceWithEnvVariable)!;
    const result = await vscode.commands.executeCommand<{ untracked: boolean; stillTracked: boolean } | undefined>(
      fix2.command!.command, ...(fix2.command!.arguments as unknown[]), { trackedEnv: 'untrack' });
    assert.equal(result?.untracked, true);
    assert.equal(git('ls-files', '--', '.env').trim(), '', 'git no longer tracks .env');
    assert.match(git('status', '--porcelain', '--', '.env'), /^D {2}\.env/m, 'the removal is staged for the next commit');
    assert.match((await readWorkspaceFile('.env'))!, /COSMOS_CONNECTION_STRING_2='/, 'the file stays on disk with the new variable');
  });
});
