// Picks the connection string built with a given key from what `listConnectionStrings` returns. Azure names the key
// in `keyKind` (`Primary`, `SecondaryReadonly`, …) on most APIs; MongoDB accounts return only a description
// ("Primary Read-Only MongoDB Connection String"), so that is read too. Several entries can share a key (SQL and
// the dedicated gateway); the account's main API comes first.
import { keyKindInfo, type KeyKind } from './keyKinds';

export interface ConnectionStringEntry {
  readonly connectionString?: string;
  readonly description?: string;
  readonly keyKind?: string;
  readonly type?: string;
}

/** Entry types in order of preference; the dedicated gateway and connector metadata only when nothing else fits. */
const TYPE_ORDER = ['sql', 'mongodb', 'table', 'cassandra', 'gremlin', 'gremlinv2', 'undefined', '', 'sqldedicatedgateway', 'cassandraconnectormetadata'];

function kindFromDescription(description: string): KeyKind | undefined {
  const d = description.trim().toLowerCase();
  const readOnly = /read[- ]?only/.test(d);
  if (d.startsWith('primary')) return readOnly ? 'primaryReadonly' : 'primary';
  if (d.startsWith('secondary')) return readOnly ? 'secondaryReadonly' : 'secondary';
  return undefined;
}

/** The key an entry was built with, from `keyKind` or else its description. */
export function connectionStringKeyKind(entry: ConnectionStringEntry): KeyKind | undefined {
  if (entry.keyKind) {
    const k = entry.keyKind.toLowerCase();
    for (const kind of ['primary', 'secondary', 'primaryReadonly', 'secondaryReadonly'] as const) {
      if (keyKindInfo(kind).connectionStringKind.toLowerCase() === k) return kind;
    }
  }
  return entry.description ? kindFromDescription(entry.description) : undefined;
}

/** The connection string of `keyKind` (the account's main API first), or undefined when Azure returned none. */
export function pickConnectionString(entries: readonly ConnectionStringEntry[], keyKind: KeyKind): ConnectionStringEntry | undefined {
  const rank = (e: ConnectionStringEntry): number => {
    const at = TYPE_ORDER.indexOf((e.type ?? '').toLowerCase());
    return at < 0 ? TYPE_ORDER.length : at;
  };
  return entries
    .filter((e) => typeof e.connectionString === 'string' && e.connectionString !== '' && connectionStringKeyKind(e) === keyKind)
    .sort((a, b) => rank(a) - rank(b))[0];
}
