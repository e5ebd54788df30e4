// The `cosmos-key-based-client` rule: its description (for SARIF, the README and settings) and the findings it
// adds to a scan. Information, not a secret: the key itself is reported by the secret rules when it is written in
// the file; this rule says the code depends on keys at all, which keeps `disableLocalAuth` out of reach.
import { fingerprintOf, type Finding } from '../detection';
import { LineIndex } from '../detection/lineIndex';
import { type ClientLanguage } from './clientLanguage';
import { type CodeView } from './codeView';
import { analyseFile } from './findKeyBasedClients';
import { type CredentialForm, type KeyBasedClient, type ValueSource } from './keyBasedClient';

export const KEY_BASED_CLIENT_RULE = {
  id: 'cosmos-key-based-client',
  name: 'Cosmos DB Key-Based Client',
  description: 'A Cosmos DB SDK client is constructed with an account key or a connection string',
  defaultSeverity: 'info',
  docsAnchor: 'rule-cosmos-key-based-client',
  help: 'Clients that authenticate with account keys keep key authentication in use: the account cannot set disableLocalAuth '
    + 'without breaking them, and anyone holding the key can read and change the data. Give the application a Microsoft Entra '
    + 'identity with a Cosmos DB data-plane role, construct the client with DefaultAzureCredential, then turn key authentication off.',
} as const;

/** What a key-based client finding adds to the finding: plain data for JSON, SARIF and the quick-fix. */
export interface ClientDetails {
  readonly language: ClientLanguage;
  readonly credential: CredentialForm;
  readonly source: ValueSource;
  /** What the credential becomes in the quick-fix's rewrite, or null when none is safe (with the reason). */
  readonly rewrite: string | null;
  readonly noRewriteReason?: string;
}

export type KeyBasedClientFinding = Finding & { readonly kind: 'key-based-client'; readonly client: ClientDetails };

const FORM: Record<CredentialForm, string> = {
  'connection-string': 'a connection string',
  'account-key': 'an account key',
  'key-credential': 'an account key (AzureKeyCredential)',
};

const FROM: Record<ValueSource, string> = {
  literal: ' written in the code',
  configuration: ' read from configuration',
  variable: '',
};

/** The finding's message: the form and where it comes from, never the value. */
export function keyBasedClientMessage(credential: CredentialForm, source: ValueSource): string {
  return `Cosmos DB client authenticates with ${FORM[credential]}${FROM[source]} — use Microsoft Entra ID (DefaultAzureCredential).`;
}

/** True for findings of this rule (JSON and SARIF add their `client` details). */
export function isKeyBasedClientFinding(finding: Pick<Finding, 'rule'>): finding is KeyBasedClientFinding {
  return finding.rule === KEY_BASED_CLIENT_RULE.id;
}

/** The construction's code without whitespace and comments: the same client keeps its fingerprint when it moves. */
function normalizedConstruction(view: CodeView, client: KeyBasedClient): string {
  const parts: string[] = [];
  let from = -1;
  for (let i = client.start; i <= client.end; i++) {
    const c = i < client.end ? view.code.charCodeAt(i) : 32;
    const keep = c !== 32 && c !== 9 && c !== 10 && c !== 13;
    if (keep && from < 0) from = i;
    else if (!keep && from >= 0) { parts.push(view.source.slice(from, i)); from = -1; }
  }
  return parts.join('');
}

/** The rule's findings in one file, as scan findings (sorted by position). */
export function keyBasedClientFindings(file: string, text: string): KeyBasedClientFinding[] {
  const analysed = analyseFile(file, text);
  if (!analysed || analysed.clients.length === 0) return [];
  const { view, clients } = analysed;
  const lines = new LineIndex(text);
  return clients.map((c) => {
    const from = lines.position(c.start);
    const to = lines.position(c.end);
    return {
      file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, startOffset: c.start, endOffset: c.end,
      rule: KEY_BASED_CLIENT_RULE.id, kind: 'key-based-client', severity: 'info', message: keyBasedClientMessage(c.credential, c.source),
      fingerprint: fingerprintOf(KEY_BASED_CLIENT_RULE.id, `${c.language}\u0000${normalizedConstruction(view, c)}`), encoding: 'raw', hint: '',
      client: {
        language: c.language, credential: c.credential, source: c.source, rewrite: c.rewrite?.replacement ?? null,
        ...(c.noRewriteReason ? { noRewriteReason: c.noRewriteReason } : {}),
      },
    };
  });
}
