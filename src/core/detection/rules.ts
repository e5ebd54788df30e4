import { type SecretKind, type Severity } from './finding';

/** What each detection rule reports. Ids are stable: SARIF baselines, suppressions and settings refer to them. */
export interface DetectionRule {
  readonly id: string;
  readonly kind: SecretKind | 'emulator-key';
  /** Short name, Title Case. */
  readonly name: string;
  /** One sentence: what was found (used in messages and SARIF `shortDescription`). */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Anchor of the rule's section in the README. */
  readonly docsAnchor: string;
}

const rule = (id: string, kind: DetectionRule['kind'], name: string, description: string, defaultSeverity: Severity = 'error'): DetectionRule =>
  ({ id, kind, name, description, defaultSeverity, docsAnchor: `rule-${id}` });

export const DETECTION_RULES: readonly DetectionRule[] = [
  rule('cosmos-sql-connection-string', 'sql-connection-string', 'Cosmos DB NoSQL Connection String', 'Cosmos DB connection string (NoSQL API) with a hard-coded account key'),
  rule('cosmos-table-connection-string', 'table-connection-string', 'Cosmos DB Table API Connection String', 'Cosmos DB Table API connection string with a hard-coded account key'),
  rule('cosmos-mongodb-uri', 'mongodb-uri', 'Cosmos DB for MongoDB URI', 'Cosmos DB for MongoDB connection string with a hard-coded account key'),
  rule('cosmos-mongo-vcore-password', 'mongo-vcore-password', 'Cosmos DB for MongoDB vCore Password', 'Cosmos DB for MongoDB vCore connection string with a hard-coded password'),
  rule('cosmos-cassandra-key', 'cassandra', 'Cosmos DB for Apache Cassandra Key', 'Cosmos DB for Apache Cassandra password (an account key) hard-coded'),
  rule('cosmos-gremlin-key', 'gremlin', 'Cosmos DB for Apache Gremlin Key', 'Cosmos DB for Apache Gremlin password (an account key) hard-coded'),
  rule('cosmos-account-key', 'account-key', 'Cosmos DB Account Key', 'Hard-coded Cosmos DB account key'),
  rule('cosmos-identifiable-key', 'identifiable-key', 'Cosmos DB Identifiable Account Key', 'Hard-coded Cosmos DB account key'),
  rule('cosmos-emulator-key', 'emulator-key', 'Cosmos DB Emulator Key', 'The Cosmos DB emulator\'s public, well-known key (not a secret)', 'info'),
];

const BY_KIND = new Map(DETECTION_RULES.map((r) => [r.kind, r]));
const BY_ID = new Map(DETECTION_RULES.map((r) => [r.id, r]));

export function ruleForKind(kind: DetectionRule['kind']): DetectionRule {
  return BY_KIND.get(kind)!;
}

export function ruleById(id: string): DetectionRule | undefined {
  return BY_ID.get(id);
}
