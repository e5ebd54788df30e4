/** Every command Cosmos Guard contributes. package.json `contributes.commands` lists exactly these (contract-tested). */
export const CommandId = {
  scanCurrentFile: 'cosmosGuard.scanCurrentFile',
  showLog: 'cosmosGuard.showLog',
  scanWorkspace: 'cosmosGuard.scanWorkspace',
  stopScan: 'cosmosGuard.stopScan',
  clearFindings: 'cosmosGuard.clearFindings',
  exportSarif: 'cosmosGuard.exportSarif',
  replaceWithEnvVariable: 'cosmosGuard.replaceWithEnvVariable',
  replaceWithKeyVaultReference: 'cosmosGuard.replaceWithKeyVaultReference',
  ignoreFinding: 'cosmosGuard.ignoreFinding',
  ignorePath: 'cosmosGuard.ignorePath',
  refreshAccounts: 'cosmosGuard.refreshAccounts',
  selectSubscriptions: 'cosmosGuard.selectSubscriptions',
  filterAtRiskAccounts: 'cosmosGuard.filterAtRiskAccounts',
  showAllAccounts: 'cosmosGuard.showAllAccounts',
  copyAccountId: 'cosmosGuard.copyAccountId',
  openInPortal: 'cosmosGuard.openInPortal',
  learnMore: 'cosmosGuard.learnMore',
  signIn: 'cosmosGuard.signIn',
  signInToTenant: 'cosmosGuard.signInToTenant',
  regenerateKey: 'cosmosGuard.regenerateKey',
  rotateKeys: 'cosmosGuard.rotateKeys',
  resumeRotation: 'cosmosGuard.resumeRotation',
  abandonRotation: 'cosmosGuard.abandonRotation',
  checkWhichAccount: 'cosmosGuard.checkWhichAccount',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
