// Attribution in multi-resource files: in Terraform state or ARM deployment output a key belongs to the resource
// block it sits in; a Storage account's keys are not Cosmos keys because a Cosmos account is in the same file.
import { type ShapeCase, type ShapeClass } from './shapeCase';

/** Pretty JSON as Terraform and the Azure CLI write it (two-space indentation). */
const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** 1-based lines of `text` that contain any of `needles`. */
function linesWith(text: string, needles: readonly string[]): number[] {
  return text.split('\n').flatMap((l, i) => (needles.some((n) => l.includes(n)) ? [i + 1] : []));
}

/** A Storage account's attributes as the azurerm provider records them: long, alphabetical. */
function storageAttributes(name: string, key1: string, key2: string): Record<string, unknown> {
  const padding: Record<string, unknown> = {};
  for (const f of ['access_tier', 'account_replication_type', 'account_tier', 'allow_nested_items_to_be_public', 'cross_tenant_replication_enabled',
    'default_to_oauth_authentication', 'edge_zone', 'https_traffic_only_enabled', 'infrastructure_encryption_enabled', 'is_hns_enabled',
    'large_file_share_enabled', 'local_user_enabled', 'location', 'min_tls_version', 'nfsv3_enabled']) padding[f] = f.endsWith('enabled') ? true : 'x';
  return {
    ...padding,
    account_kind: 'StorageV2',
    blob_properties: [{ change_feed_enabled: false, container_delete_retention_policy: [], cors_rule: [], default_service_version: '', delete_retention_policy: [{ days: 7 }], versioning_enabled: false }],
    id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${name}`,
    name,
    network_rules: [{ bypass: ['AzureServices'], default_action: 'Allow', ip_rules: [], virtual_network_subnet_ids: [] }],
    primary_access_key: key1,
    primary_blob_endpoint: `https://${name}.blob.core.windows.net/`,
    resource_group_name: 'rg',
    secondary_access_key: key2,
    tags: {},
  };
}

function cosmosAttributes(name: string, keys: { primary: string; secondary: string; ro: string }): Record<string, unknown> {
  return {
    access_key_metadata_writes_enabled: true,
    analytical_storage_enabled: false,
    consistency_policy: [{ consistency_level: 'Session', max_interval_in_seconds: 5, max_staleness_prefix: 100 }],
    endpoint: `https://${name}.documents.azure.com:443/`,
    geo_location: [{ failover_priority: 0, id: `${name}-westeurope`, location: 'westeurope', zone_redundant: false }],
    id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/${name}`,
    kind: 'GlobalDocumentDB',
    local_authentication_disabled: false,
    name,
    primary_key: keys.primary,
    primary_readonly_key: keys.ro,
    secondary_key: keys.secondary,
  };
}

const resource = (type: string, name: string, attributes: Record<string, unknown>): Record<string, unknown> =>
  ({ mode: 'managed', type, name, provider: 'provider["registry.terraform.io/hashicorp/azurerm"]', instances: [{ schema_version: 1, attributes, sensitive_attributes: [], dependencies: [] }] });

export const attribution: ShapeClass = {
  name: 'attribution in multi-resource files',
  build: (k) => {
    const cases: ShapeCase[] = [];
    const a = k.name('cdb');
    const st = k.name('st');
    {
      const cosmos = { primary: k.legacy(), secondary: k.legacy(), ro: k.legacy() };
      const storage = [k.legacy(), k.legacy()] as const;
      const law = k.legacy();
      const text = pretty({
        version: 4, terraform_version: '1.9.5', serial: 17, lineage: '5d3e2f1a-0000-4000-8000-123456789abc', outputs: {},
        resources: [
          resource('azurerm_storage_account', 'backup', storageAttributes(st, storage[0], storage[1])),
          resource('azurerm_cosmosdb_account', 'db', cosmosAttributes(a, cosmos)),
          resource('azurerm_log_analytics_workspace', 'logs', { id: '/subscriptions/x/…/workspaces/logs', name: 'logs', primary_shared_key: law, retention_in_days: 30, sku: 'PerGB2018' }),
        ],
      });
      cases.push({ name: 'Terraform state: Cosmos, Storage and Log Analytics resources', file: 'terraform.tfstate', content: text,
        lines: linesWith(text, [cosmos.primary, cosmos.secondary, cosmos.ro]) });
    }
    {
      const storage = [k.legacy(), k.legacy()] as const;
      const text = pretty({
        version: 4, terraform_version: '1.9.5', serial: 3, lineage: 'f00d', outputs: { cosmos_endpoint: { value: `https://${a}.documents.azure.com:443/`, type: 'string' } },
        resources: [resource('azurerm_storage_account', 'data', storageAttributes(st, storage[0], storage[1]))],
      });
      cases.push({ name: 'Terraform state: only Storage keys, a Cosmos endpoint in an output', file: 'prod.tfstate', content: text, lines: [] });
    }
    {
      const key = k.legacy();
      const text = pretty({
        version: 4, resources: [
          resource('azurerm_key_vault_secret', 'cosmos', { id: 'https://kv.vault.azure.net/secrets/cosmos-key/1', key_vault_id: '/subscriptions/x', name: 'cosmos-key', value: key }),
          resource('azurerm_key_vault_secret', 'blob', { id: 'https://kv.vault.azure.net/secrets/blob-key/1', key_vault_id: '/subscriptions/x', name: 'blob-key', value: k.legacy() }),
        ],
      });
      cases.push({ name: 'Terraform state: Key Vault secrets named for Cosmos and for Storage', file: 'kv.tfstate', content: text, lines: linesWith(text, [key]) });
    }
    {
      const cosmosKey = k.legacy();
      const text = pretty({
        id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Resources/deployments/main', name: 'main',
        properties: {
          outputResources: [{ id: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/${a}` },
            { id: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${st}` }],
          outputs: {
            cosmosPrimaryKey: { type: 'String', value: cosmosKey },
            storageAccountKey: { type: 'String', value: k.legacy() },
            storageConnectionString: { type: 'String', value: `DefaultEndpointsProtocol=https;AccountName=${st};AccountKey=${k.legacy()};EndpointSuffix=core.windows.net` },
          },
          provisioningState: 'Succeeded',
        },
        resourceGroup: 'rg',
      });
      cases.push({ name: 'ARM deployment output: Cosmos and Storage outputs', file: 'deployment-output.json', content: text, lines: linesWith(text, [cosmosKey]) });
    }
    {
      const text = pretty({
        resources: [
          { type: 'Microsoft.DocumentDB/databaseAccounts', name: a, properties: { documentEndpoint: `https://${a}.documents.azure.com:443/` } },
          { type: 'Microsoft.Storage/storageAccounts', name: st, properties: { keys: [{ keyName: 'key1', value: k.legacy() }] } },
        ],
      });
      cases.push({ name: 'ARM resource dump: a Storage key inside the Storage resource', file: 'resources.json', content: text, lines: [] });
    }
    {
      const key = k.legacy();
      const text = `cosmos:\n  endpoint: https://${a}.documents.azure.com:443/\n  database: orders\n  primaryKey: ${key}\nblob:\n  endpoint: https://${st}.blob.core.windows.net/\n  accountKey: ${k.legacy()}\n`;
      cases.push({ name: 'YAML config with a Cosmos block and a Storage block', file: 'config.yaml', content: text, lines: [4] });
    }
    {
      const key = k.legacy();
      const text = `{\n  "services": {\n    "orders": {\n      "endpoint": "https://${a}.documents.azure.com:443/",\n      "key": "${key}"\n    },\n    "files": {\n      "endpoint": "https://${st}.blob.core.windows.net/",\n      "key": "${k.legacy()}"\n    }\n  }\n}\n`;
      cases.push({ name: 'JSON config: neutral names, each key next to its own endpoint', file: 'services.json', content: text, lines: [5] });
    }
    {
      const cosmosKey = k.legacy();
      const text = pretty({
        version: 3, deployment: { resources: [
          { urn: 'urn:pulumi:prod::shop::azure-native:storage:StorageAccount::st', type: 'azure-native:storage:StorageAccount', outputs: { name: st, primaryKey: k.legacy() } },
          { urn: 'urn:pulumi:prod::shop::azure-native:documentdb:DatabaseAccount::db', type: 'azure-native:documentdb:DatabaseAccount', outputs: { name: a, primaryMasterKey: cosmosKey } },
          { urn: 'urn:pulumi:prod::shop::azure-native:batch:BatchAccount::jobs', type: 'azure-native:batch:BatchAccount', outputs: { name: 'jobs', primary: k.legacy() } },
        ] },
      });
      cases.push({ name: 'Pulumi stack export: Storage, Cosmos and Batch resources', file: 'stack.json', content: text, lines: linesWith(text, [cosmosKey]) });
    }
    {
      const text = pretty({
        version: 4, resources: [
          resource('azurerm_cosmosdb_account', 'db', { endpoint: `https://${a}.documents.azure.com:443/`, name: a }),
          resource('azurerm_batch_account', 'jobs', { account_endpoint: 'jobs.westeurope.batch.azure.com', name: 'jobs', primary_access_key: k.legacy() }),
        ],
      });
      cases.push({ name: 'Terraform state: a Batch account key next to a Cosmos account without keys', file: 'batch.tfstate', content: text, lines: [] });
    }
    {
      // A key's own name says it is for AES (an identifier's word, told by its case), or its block is ASP.NET Core's
      // Data Protection: not the Cosmos key beside it, whose file names the host.
      const cosmosKey = k.legacy();
      const text = pretty({
        Cosmos: { Endpoint: `https://${a}.documents.azure.com:443/`, Key: cosmosKey },
        Crypto: { AesKey: k.legacy(), AES256_IV: k.base64(16) },
        DataProtection: { KeyRing: k.legacy() },
        Legacy: { aes_gcm_key: k.legacy(), CaesarsOrdersKey: k.legacy() },
      });
      cases.push({ name: 'appsettings: AES and Data Protection keys beside a Cosmos key', file: 'appsettings.json', content: text,
        lines: [...linesWith(text, [cosmosKey]), ...linesWith(text, ['CaesarsOrdersKey'])] });
    }
    {
      // Spark reads a Storage (ADLS) key from Hadoop's `fs.azure.account.key.<account>.<host>` property: its name
      // holds a Storage host, whatever the Cosmos connector's settings around it say.
      const lake = k.name('st');
      const conf = `spark.cosmos.accountEndpoint   https://${a}.documents.azure.com:443/\nspark.cosmos.accountKey        ${k.legacy()}\n`
        + `spark.hadoop.fs.azure.account.key.${lake}.dfs.core.windows.net  ${k.legacy()}\n`;
      cases.push({ name: 'spark-defaults.conf: the lake\'s Storage key beside the Cosmos connector\'s key', file: 'conf/spark-defaults.conf', content: conf, lines: [2] });
      const cluster = pretty({ cluster_name: 'etl', spark_conf: {
        'spark.cosmos.accountEndpoint': `https://${a}.documents.azure.us:443/`,
        [`spark.hadoop.fs.azure.account.key.${lake}.dfs.core.usgovcloudapi.net`]: k.legacy(),
      } });
      cases.push({ name: 'Databricks cluster (US Gov): only a Storage key, under Hadoop\'s property', file: 'clusters/etl.json', content: cluster, lines: [] });
    }
    {
      // Encrypted settings: Pulumi's `secure:` values (passphrase: `v1:<nonce>:<ciphertext>`) and Travis CI's are
      // ciphertext, even at 64 bytes and under a Cosmos name; a plain value beside them is a key.
      const plain = k.legacy();
      const stack = `config:\n  azure-native:location: westeurope\n  orders:cosmosEndpoint: https://${a}.documents.azure.com:443/\n`
        + `  orders:cosmosKey:\n    secure: v1:${k.base64(12)}:${k.base64(64)}\n  orders:cosmosReadOnlyKey: ${plain}\n`;
      cases.push({ name: 'Pulumi stack settings: an encrypted key and a plain one', file: 'Pulumi.prod.yaml', content: stack, lines: linesWith(stack, [plain]) });
      // A log shipper's Log Analytics output: its workspace key is its `Shared_Key` (Fluent Bit; the OMS agent's
      // `WORKSPACE_SHARED_KEY` says so by name already); a comment naming the Cosmos account it ships diagnostics of
      // does not make it a Cosmos key. `SharedKey` without the underscore stays neutral: the Tables SDK's
      // `TableSharedKeyCredential` takes Cosmos DB for Table keys too.
      const fluent = `# API logs and Cosmos DB diagnostics (${a}.documents.azure.com) to Log Analytics\n[OUTPUT]\n    Name         azure\n`
        + `    Match        api.*\n    Customer_ID  ${k.name('ws')}\n    Shared_Key   ${k.legacy()}\n`;
      cases.push({ name: 'Fluent Bit: a Log Analytics output\'s shared key in a file naming a Cosmos host', file: 'ops/fluent-bit.conf', content: fluent, lines: [] });
      const travis = `language: node_js\nenv:\n  global:\n    - COSMOS_ENDPOINT=https://${a}.documents.azure.com:443/\n    - secure: "${k.base64(64)}"\n`;
      cases.push({ name: 'Travis CI: an encrypted variable beside a Cosmos endpoint', file: '.travis.yml', content: travis, lines: [] });
    }
    return cases;
  },
};
