/** Every context key Cosmos Guard sets (`setContext`), for `when` clauses in package.json. */
export const ContextKey = {
  /** What the accounts view shows: see `AccountsViewState` (signedOut, noSubscriptions, noAccounts, …). */
  accountsState: 'cosmosGuard.accounts.state',
  /** The accounts view shows only at-risk accounts. */
  filteringAtRisk: 'cosmosGuard.accounts.filteringAtRisk',
  /** The sign-in route can prompt the user (VS Code accounts, not a custom endpoint). */
  canSignIn: 'cosmosGuard.accounts.canSignIn',
  /** A workspace scan is running (shows Stop Scan). */
  scanRunning: 'cosmosGuard.scanRunning',
  /** Cosmos Guard has findings (diagnostics) to clear or export. */
  hasFindings: 'cosmosGuard.hasFindings',
  /** A guided key rotation is unfinished (shows Resume Rotation and Abandon Rotation in the palette). */
  rotationsPending: 'cosmosGuard.rotationsPending',
} as const;

export type ContextKey = (typeof ContextKey)[keyof typeof ContextKey];
