// The four account keys as the regenerate API names them (`keyKind`), with what people need to know about each:
// its label, which pair it belongs to, its partner in that pair, and what breaks when it is regenerated.
import { type KeyName } from '../posture/accountSnapshot';
import { type KeyKind } from '../posture/postureFinding';

export type { KeyKind } from '../posture/postureFinding';

/** The portal's order: read-write pair, then read-only pair. */
export const KEY_KINDS: readonly KeyKind[] = ['primary', 'secondary', 'primaryReadonly', 'secondaryReadonly'];

/** A pair of keys that can stand in for each other while one is regenerated. */
export type KeyPair = 'readWrite' | 'readOnly';

export interface KeyKindInfo {
  readonly kind: KeyKind;
  /** `primary read-write key`: for sentences ("Regenerate the … of contoso-orders?"). */
  readonly label: string;
  /** `Primary read-write key`: for list items and titles. */
  readonly title: string;
  /** `primary`, `secondary read-only`: short, for descriptions and tree rows. */
  readonly short: string;
  readonly pair: KeyPair;
  /** The other key of the same pair: what applications switch to while this one is regenerated. */
  readonly partner: KeyKind;
  /** The `keysMetadata` / `listKeys` property of this key. */
  readonly keyName: KeyName;
  /** `keyKind` of `listConnectionStrings` entries built with this key. */
  readonly connectionStringKind: 'Primary' | 'Secondary' | 'PrimaryReadonly' | 'SecondaryReadonly';
  /** What stops working when this key is regenerated, one sentence. */
  readonly whatBreaks: string;
}

const READ_WRITE_BREAKS = 'Every app, function and tool that connects with this key, or with a connection string holding it '
  + '(app settings, Key Vault secrets, .env files, pipelines), fails with 401 Unauthorized until it is given the new key.';
const READ_ONLY_BREAKS = 'Every reader that connects with this read-only key, or with a connection string holding it, fails with '
  + '401 Unauthorized until it is given the new key. Read-write clients are not affected.';

const INFO: Readonly<Record<KeyKind, KeyKindInfo>> = {
  primary: { kind: 'primary', label: 'primary read-write key', title: 'Primary read-write key', short: 'primary', pair: 'readWrite',
    partner: 'secondary', keyName: 'primaryMasterKey', connectionStringKind: 'Primary', whatBreaks: READ_WRITE_BREAKS },
  secondary: { kind: 'secondary', label: 'secondary read-write key', title: 'Secondary read-write key', short: 'secondary', pair: 'readWrite',
    partner: 'primary', keyName: 'secondaryMasterKey', connectionStringKind: 'Secondary', whatBreaks: READ_WRITE_BREAKS },
  primaryReadonly: { kind: 'primaryReadonly', label: 'primary read-only key', title: 'Primary read-only key', short: 'primary read-only',
    pair: 'readOnly', partner: 'secondaryReadonly', keyName: 'primaryReadonlyMasterKey', connectionStringKind: 'PrimaryReadonly',
    whatBreaks: READ_ONLY_BREAKS },
  secondaryReadonly: { kind: 'secondaryReadonly', label: 'secondary read-only key', title: 'Secondary read-only key',
    short: 'secondary read-only', pair: 'readOnly', partner: 'primaryReadonly', keyName: 'secondaryReadonlyMasterKey',
    connectionStringKind: 'SecondaryReadonly', whatBreaks: READ_ONLY_BREAKS },
};

export function keyKindInfo(kind: KeyKind): KeyKindInfo {
  return INFO[kind];
}

export function isKeyKind(value: unknown): value is KeyKind {
  return typeof value === 'string' && (KEY_KINDS as readonly string[]).includes(value);
}

/** The keys of one pair, primary first. */
export function keysOfPair(pair: KeyPair): readonly [KeyKind, KeyKind] {
  return pair === 'readWrite' ? ['primary', 'secondary'] : ['primaryReadonly', 'secondaryReadonly'];
}

/** The key kind of a `keysMetadata`/`listKeys` property name. */
export function keyKindOfName(name: KeyName): KeyKind {
  return KEY_KINDS.find((k) => INFO[k].keyName === name)!;
}

/**
 * Reads a key kind as a person types it on a command line: the API's names (`primaryReadonly`), case-insensitive,
 * and the spelled-out forms (`primary-readonly`, `secondary_read_only`). Undefined for anything else.
 */
export function parseKeyKind(text: string): KeyKind | undefined {
  const squashed = text.trim().toLowerCase().replace(/[-_ ]/g, '');
  return KEY_KINDS.find((k) => k.toLowerCase() === squashed);
}
