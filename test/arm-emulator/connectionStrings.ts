// The connection strings `listConnectionStrings` serves for an account: the shapes of the account's API (NoSQL,
// MongoDB, Table), one per key.
import type { AccountState } from './emulatorState';
import type { KeyKind } from './scenario';

export interface ConnectionStringEntry {
  readonly connectionString: string;
  readonly description: string;
  readonly keyKind: 'Primary' | 'Secondary' | 'PrimaryReadonly' | 'SecondaryReadonly';
  readonly type: 'Sql' | 'MongoDB' | 'Table';
}

const KEY_KIND_LABEL: Readonly<Record<KeyKind, { kind: ConnectionStringEntry['keyKind']; label: string }>> = {
  primary: { kind: 'Primary', label: 'Primary' },
  secondary: { kind: 'Secondary', label: 'Secondary' },
  primaryReadonly: { kind: 'PrimaryReadonly', label: 'Primary Read-Only' },
  secondaryReadonly: { kind: 'SecondaryReadonly', label: 'Secondary Read-Only' },
};

export function isMongo(account: AccountState): boolean {
  return account.kind === 'MongoDB' || account.capabilities.includes('EnableMongo');
}

export function connectionStringFor(account: AccountState, kind: KeyKind, key: string): ConnectionStringEntry {
  const { kind: keyKind, label } = KEY_KIND_LABEL[kind];
  const n = account.name;
  if (isMongo(account)) {
    return { keyKind, type: 'MongoDB', description: `${label} MongoDB Connection String`,
      connectionString: `mongodb://${n}:${encodeURIComponent(key)}@${n}.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb`
        + `&retrywrites=false&maxIdleTimeMS=120000&appName=@${n}@` };
  }
  if (account.capabilities.includes('EnableTable')) {
    return { keyKind, type: 'Table', description: `${label} Table Connection String`,
      connectionString: `DefaultEndpointsProtocol=https;AccountName=${n};AccountKey=${key};TableEndpoint=https://${n}.table.cosmos.azure.com:443/;` };
  }
  return { keyKind, type: 'Sql', description: `${label} SQL Connection String`,
    connectionString: `AccountEndpoint=https://${n}.documents.azure.com:443/;AccountKey=${key};` };
}

