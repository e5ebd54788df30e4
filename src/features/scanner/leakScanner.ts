import * as vscode from 'vscode';
import { type Finding } from '../../core/detection';
import { type FileScanOptions } from '../../core/scan';
import { IGNORE_FILE_NAME } from '../../core/suppression';
import { CommandId } from '../../platform/commandIds';
import { type ConfigStore } from '../../platform/configStore';
import { ContextKey } from '../../platform/contextKeys';
import { type Logger } from '../../platform/logger';
import { localToday } from '../../shared/localToday';
import { EnvVariableFixCommand } from '../quickFixes/envVariableFixCommand';
import { IgnoreFindingCommand } from '../quickFixes/ignoreFindingCommand';
import { IdentityPackageCheck } from '../quickFixes/identityPackageCheck';
import { IgnorePathCommand } from '../quickFixes/ignorePathCommand';
import { KeylessClientCodeActionProvider } from '../quickFixes/keylessClientCodeActionProvider';
import { KeylessClientFixCommand } from '../quickFixes/keylessClientFixCommand';
import { KeyVaultFixCommand } from '../quickFixes/keyVaultFixCommand';
import { LeakCodeActionProvider } from '../quickFixes/leakCodeActionProvider';
import { resolveTarget, type QuickFixContext } from '../quickFixes/quickFixSupport';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { FindingsStore, type FileScan } from './findingsStore';
import { FindingsWatcher } from './findingsWatcher';
import { IgnoreFileSource } from './ignoreFileSource';
import { LIVE_SCAN_DELAY_MS, LiveScanner } from './liveScanner';
import { LocalFolderScanner } from './localFolderScanner';
import { SarifExportCommand } from './sarifExportCommand';
import { ScanCurrentFileCommand } from './scanCurrentFileCommand';
import { ScanEngine } from './scanEngine';
import { ScanExclusions } from './scanExclusions';
import { ScanStatusBar } from './scanStatusBar';
import { WorkspaceScanCommand } from './workspaceScanCommand';
import { WorkspaceScanner, type WorkspaceScanSummary } from './workspaceScanner';

export interface LeakScannerDependencies {
  readonly extensionUri: vscode.Uri;
  readonly config: ConfigStore;
  readonly logger: Logger;
  /** package.json's version: the SARIF tool version, as the CLI writes it. */
  readonly toolVersion: string;
}

/** The leak scanner's commands, for the extension's command table. */
export type LeakScannerCommandId = typeof CommandId[
  'scanCurrentFile' | 'scanWorkspace' | 'stopScan' | 'clearFindings' | 'exportSarif' | 'replaceWithEnvVariable' | 'replaceWithKeyVaultReference' | 'ignoreFinding' | 'ignorePath'
  | 'useEntraIdCredential'];

/**
 * The leak scanner feature, wired: live diagnostics, the workspace scan, the watcher, SARIF export and the
 * quick-fixes. extension.ts creates one and registers {@link commandHandlers}; disposing it disposes everything.
 */
export class LeakScanner implements vscode.Disposable {
  readonly commandHandlers: { readonly [K in LeakScannerCommandId]: (...args: unknown[]) => unknown };
  /**
   * Finds a quick-fix's finding again in its document as it is now (for "Check Which Account Uses This Key…"), or
   * tells the user it moved. The finding is the core's: its offsets point at the secret in `document`.
   */
  readonly locateFinding: (uri: unknown, target: unknown) => Promise<{ readonly document: vscode.TextDocument; readonly finding: Finding } | undefined>;
  /** Resolves when live scanning has published everything opened, typed or saved so far (for host tests). */
  readonly liveScansIdle: () => Promise<void>;
  /** The findings so far (read by the switch to Microsoft Entra ID), and whether a workspace scan's results are in. */
  readonly findings: { scans(): readonly FileScan[]; readonly workspaceScanned: boolean };
  /** For host tests: the local scan worker's threads, and the workspace scan without it (to compare both paths). */
  readonly localWorkers: () => { readonly started: number; readonly running: number };
  readonly scanWorkspaceThroughFs: () => Promise<WorkspaceScanSummary>;
  readonly holdNextLocalScanAt: (relativePath: string) => void;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(deps: LeakScannerDependencies) {
    const { config, logger } = deps;
    const { workspace, window, languages, commands } = vscode;
    const track = <T extends vscode.Disposable>(d: T): T => {
      this.disposables.push(d);
      return d;
    };
    const scanSettings = (): typeof config.snapshot.scan => config.snapshot.scan;
    const scanOptions = (): FileScanOptions => ({ emulatorKey: scanSettings().emulatorKey, keyBasedClients: scanSettings().rules['cosmos-key-based-client'] });
    const today = (): string => localToday();

    const collection = track(languages.createDiagnosticCollection('cosmosGuard'));
    const ignoreFileProblems = track(languages.createDiagnosticCollection('cosmosGuard.ignoreFile'));
    const store = track(new FindingsStore(collection, () => scanSettings().severity));
    // The worker is a file next to the extension's bundle; where the extension is not on a local disk, scan in-thread.
    const engine = track(new ScanEngine(deps.extensionUri.scheme === 'file' ? vscode.Uri.joinPath(deps.extensionUri, 'dist', 'scanWorker.js').fsPath : undefined, logger));
    const exclusions = track(new ScanExclusions(workspace.fs, { getConfiguration: (s, scope) => workspace.getConfiguration(s, scope), get isTrusted() {
      return workspace.isTrusted;
    } }, scanSettings, (message) => logger.warn(message)));
    const ignoreFiles = track(new IgnoreFileSource(workspace.fs, ignoreFileProblems, today, logger));
    const publisher = new DiagnosticsPublisher({
      store, engine, exclusions, ignoreFiles, workspace, logger, today,
      options: scanOptions,
      maxChars: () => scanSettings().maxFileSize,
    });
    // Local folders are scanned in a worker with Node's file system (the script sits next to the extension's bundle).
    const local = new LocalFolderScanner({
      workerScript: deps.extensionUri.scheme === 'file' ? vscode.Uri.joinPath(deps.extensionUri, 'dist', 'folderScanWorker.js').fsPath : undefined,
      store, exclusions, ignoreFiles, settings: scanSettings, options: scanOptions, today, logger,
    });
    const scannerDeps = { fs: workspace.fs, workspace, exclusions, ignoreFiles, publisher, engine, store, settings: scanSettings, logger };
    const scanner = new WorkspaceScanner({ ...scannerDeps, local });
    this.localWorkers = () => local.workers;
    this.holdNextLocalScanAt = (relativePath) => local.holdNextScanAt(relativePath);
    this.scanWorkspaceThroughFs = () => new WorkspaceScanner(scannerDeps).scanWorkspace(new vscode.CancellationTokenSource().token);
    const liveScanner = track(new LiveScanner(workspace, publisher, config, logger, LIVE_SCAN_DELAY_MS, (document) => {
      // After a workspace scan the disk is what counts: a closed file keeps (or regains) its findings from disk.
      if (!scanner.resultsActive || !publisher.locate(document.uri)) return false;
      scanner.scanUris([document.uri], { fromDisk: true }).then(undefined, (e: unknown) => logger.error('Rescanning a closed file failed', e));
      return true;
    }));
    this.liveScansIdle = () => liveScanner.idle();
    this.findings = { scans: () => store.all(), get workspaceScanned() { return scanner.resultsActive; } };
    const statusBar = track(new ScanStatusBar(window));
    const workspaceScan = track(new WorkspaceScanCommand(scanner, statusBar, window, commands, logger));
    const watcher = track(new FindingsWatcher(workspace, store, scanner, logger));
    const sarifExport = new SarifExportCommand(store, scanner, window, workspace, deps.toolVersion);
    const scanCurrentFile = new ScanCurrentFileCommand(window, workspace, publisher);

    const quickFixes: QuickFixContext = {
      workspace, window, commands, clipboard: vscode.env.clipboard, engine, publisher, exclusions, today,
      options: scanOptions,
    };
    this.locateFinding = async (uri, target) => {
      const resolved = await resolveTarget(quickFixes, uri, target);
      return resolved ? { document: resolved.document, finding: resolved.finding } : undefined;
    };
    const envFix = new EnvVariableFixCommand(quickFixes);
    const keyVaultFix = new KeyVaultFixCommand(quickFixes);
    const ignoreFinding = new IgnoreFindingCommand(quickFixes);
    const ignorePath = new IgnorePathCommand(quickFixes);
    const keylessFix = new KeylessClientFixCommand(quickFixes, new IdentityPackageCheck(workspace.fs, (base, ...parts) => vscode.Uri.joinPath(base, ...parts)));
    track(languages.registerCodeActionsProvider('*', new LeakCodeActionProvider(store, publisher, workspace), LeakCodeActionProvider.metadata));
    track(languages.registerCodeActionsProvider('*', new KeylessClientCodeActionProvider(store, publisher, workspace), KeylessClientCodeActionProvider.metadata));

    /** Findings from the disk lose what is now excluded; open documents and the rest are rescanned. */
    const reapply = (): void => {
      logger.debug('Scan rules changed: open documents are scanned again');
      liveScanner.rescanOpenDocuments();
      if (!scanner.resultsActive) return;
      const onDisk = store.all().filter((s) => s.origin === 'disk').map((s) => s.uri);
      if (onDisk.length) scanner.scanUris(onDisk).then(undefined, (e: unknown) => logger.error('Re-applying scan rules failed', e));
    };
    const gitignoreWatcher = track(workspace.createFileSystemWatcher('**/.gitignore'));
    const ignoreFileWatcher = track(workspace.createFileSystemWatcher(`**/${IGNORE_FILE_NAME}`));
    for (const event of [gitignoreWatcher.onDidChange, gitignoreWatcher.onDidCreate, gitignoreWatcher.onDidDelete]) track(event(() => exclusions.invalidate()));
    for (const event of [ignoreFileWatcher.onDidChange, ignoreFileWatcher.onDidCreate, ignoreFileWatcher.onDidDelete]) track(event(() => ignoreFiles.invalidate()));
    // What git tracks decides too (tracked files are scanned even when ignored): follow the index.
    // (A submodule's index lives in the outer repository's .git/modules/.)
    for (const glob of ['**/.git/index', '**/.git/modules/**/index']) {
      const indexWatcher = track(workspace.createFileSystemWatcher(glob));
      for (const event of [indexWatcher.onDidChange, indexWatcher.onDidCreate, indexWatcher.onDidDelete]) {
        track(event((uri) => {
          logger.debug(`Git index changed: ${uri.toString(true)}`);
          exclusions.indexChanged(uri);
        }));
      }
    }
    // A repository made or removed inside a folder (`git init`, a clone, a deleted `.git`): its rules start or stop
    // deciding there, before it has an index to follow.
    const dotGitWatcher = track(workspace.createFileSystemWatcher('**/.git', false, true, false));
    for (const [event, what] of [[dotGitWatcher.onDidCreate, 'made'], [dotGitWatcher.onDidDelete, 'removed']] as const) {
      track(event((uri) => {
        logger.debug(`Repository ${what}: ${uri.toString(true)}; git's rules are read again`);
        exclusions.invalidate();
      }));
    }
    // A folder whose .git or .gitignore was already looked for, created or replaced (moved or copied into place):
    // the events for what it holds may never come, so its own event is the cue.
    const foldersWatcher = track(workspace.createFileSystemWatcher('**/*', false, false, true));
    for (const event of [foldersWatcher.onDidCreate, foldersWatcher.onDidChange]) track(event((uri) => exclusions.entryAppeared(uri)));
    track(exclusions.onDidChange(reapply));
    track(ignoreFiles.onDidChange(reapply));
    track(config.onDidChange(({ previous, current }) => {
      const [p, c] = [previous.scan, current.scan];
      if (p.severity !== c.severity) store.rerender();
      if (p.respectGitignore !== c.respectGitignore || p.exclude.join('\n') !== c.exclude.join('\n')) exclusions.invalidate();
      else if (p.maxFileSize !== c.maxFileSize || p.emulatorKey !== c.emulatorKey || p.rules['cosmos-key-based-client'] !== c.rules['cosmos-key-based-client']) reapply();
    }));
    track(workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) exclusions.invalidate();
    }));
    track(workspace.onDidGrantWorkspaceTrust(() => exclusions.invalidate())); // workspace settings now count
    track(workspace.onDidChangeWorkspaceFolders(() => {
      exclusions.invalidate();
      ignoreFiles.invalidate();
    }));
    let hadFindings = false;
    track(store.onDidChange(() => {
      const has = store.size > 0;
      if (has !== hadFindings) void commands.executeCommand('setContext', ContextKey.hasFindings, has);
      hadFindings = has;
    }));

    this.commandHandlers = {
      [CommandId.scanCurrentFile]: (target?: unknown) => scanCurrentFile.run(target),
      [CommandId.scanWorkspace]: async (options?: unknown) => {
        const summary = await workspaceScan.run(isSilent(options) ? { silent: true } : {});
        watcher.update(); // watch from the moment results exist, not after the store's next change event
        return summary;
      },
      [CommandId.stopScan]: () => workspaceScan.stop(),
      [CommandId.clearFindings]: () => {
        workspaceScan.stop();
        scanner.forgetResults();
        store.clear();
        watcher.update();
        ignoreFiles.invalidate();
        logger.info('Findings cleared.');
      },
      [CommandId.exportSarif]: (target?: unknown) => sarifExport.run(target),
      [CommandId.replaceWithEnvVariable]: (uri?: unknown, target?: unknown, answers?: unknown) => {
        const { trackedEnv } = stringFields(answers, ['trackedEnv']);
        return envFix.run(uri, target, trackedEnv === 'untrack' || trackedEnv === 'keep' ? { trackedEnv } : {});
      },
      [CommandId.replaceWithKeyVaultReference]: (uri?: unknown, target?: unknown, answers?: unknown) =>
        keyVaultFix.run(uri, target, stringFields(answers, ['vault', 'secretName'])),
      [CommandId.ignoreFinding]: (uri?: unknown, target?: unknown, answers?: unknown) => ignoreFinding.run(uri, target, stringFields(answers, ['reason', 'until'])),
      [CommandId.ignorePath]: (uri?: unknown, answers?: unknown) => ignorePath.run(uri, stringFields(answers, ['glob'])),
      [CommandId.useEntraIdCredential]: (uri?: unknown, target?: unknown) => keylessFix.run(uri, target),
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

/** Prompt answers passed as a command argument (by tests or other extensions): only the string fields named. */
function stringFields<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

function isSilent(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { silent?: unknown }).silent === true;
}
