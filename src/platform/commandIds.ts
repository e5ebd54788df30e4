/** Every command Cosmos Guard contributes. package.json `contributes.commands` lists exactly these (contract-tested). */
export const CommandId = {
  scanCurrentFile: 'cosmosGuard.scanCurrentFile',
  showLog: 'cosmosGuard.showLog',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
