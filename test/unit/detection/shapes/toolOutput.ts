// Tool output pasted into files: `az cosmosdb keys list` (json, table, tsv, yaml), PowerShell, and Key Vault
// secret dumps whose secret name says Cosmos.
import { type ShapeClass } from './shapeCase';

export const toolOutput: ShapeClass = {
  name: 'tool output',
  build: (k) => {
    const a = k.name('shop');
    const four = (): string[] => [k.legacy(), k.legacy(), k.legacy(), k.legacy()];
    const tableOf = (headers: string[], row: string[]): string => {
      const widths = headers.map((h, i) => Math.max(h.length, row[i]!.length));
      const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
      return `${fmt(headers)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${fmt(row)}\n`;
    };
    const kv = (name: string, value: string): string =>
      `{\n  "attributes": {\n    "created": "2026-02-11T09:14:03+00:00",\n    "enabled": true,\n    "recoverableDays": 90,\n    "recoveryLevel": "Recoverable+Purgeable",\n    "updated": "2026-02-11T09:14:03+00:00"\n  },\n  "contentType": null,\n  "id": "https://kv-${a}.vault.azure.net/secrets/${name}/4f1c2a9e0b7d4c55a3e1f0a2b3c4d5e6",\n  "kid": null,\n  "managed": null,\n  "name": "${name}",\n  "tags": {},\n  "value": "${value}"\n}\n`;
    return [
      { name: 'az cosmosdb keys list (json) after the command', file: 'notes/rotation.md',
        content: `\`\`\`console\n$ az cosmosdb keys list --name ${a} --resource-group rg-${a}\n{\n  "primaryMasterKey": "${k.legacy()}",\n  "primaryReadonlyMasterKey": "${k.legacy()}",\n  "secondaryMasterKey": "${k.legacy()}",\n  "secondaryReadonlyMasterKey": "${k.legacy()}"\n}\n\`\`\`\n`, lines: [4, 5, 6, 7] },
      { name: 'az cosmosdb keys list -o table', file: 'notes/keys.txt',
        content: `$ az cosmosdb keys list -n ${a} -g rg -o table\n${tableOf(['PrimaryMasterKey', 'PrimaryReadonlyMasterKey', 'SecondaryMasterKey', 'SecondaryReadonlyMasterKey'], four())}`,
        lines: [4], findings: 4 },
      { name: 'az cosmosdb keys list -o table, pasted without the command', file: 'keys-backup.txt',
        content: tableOf(['PrimaryMasterKey', 'PrimaryReadonlyMasterKey', 'SecondaryMasterKey', 'SecondaryReadonlyMasterKey'], four()), lines: [3], findings: 4 },
      { name: 'az cosmosdb keys list -o tsv after the command', file: 'runbook.md',
        content: `Keys:\n\n\`\`\`\n$ az cosmosdb keys list --name ${a} --resource-group rg --output tsv\n${four().join('\t')}\n\`\`\`\n`, lines: [5], findings: 4 },
      { name: 'az cosmosdb keys list --type read-only-keys -o yaml', file: 'keys.yaml',
        content: `primaryReadonlyMasterKey: ${k.legacy()}\nsecondaryReadonlyMasterKey: ${k.legacy()}\n`, lines: [1, 2] },
      { name: 'az cosmosdb keys list --type connection-strings -o table', file: 'cs.txt',
        content: tableOf(['ConnectionString', 'Description', 'KeyKind', 'Type'],
          [`AccountEndpoint=https://${a}.documents.azure.com:443/;AccountKey=${k.legacy()};`, 'Primary SQL Connection String', 'Primary', 'Sql']), lines: [3] },
      { name: 'Get-AzCosmosDBAccountKey output', file: 'rotate.ps1.txt',
        content: `PS> Get-AzCosmosDBAccountKey -ResourceGroupName rg -Name ${a}\n\nName                        Value\n----                        -----\nPrimaryMasterKey            ${k.legacy()}\nSecondaryMasterKey          ${k.legacy()}\n`, lines: [5, 6] },
      { name: 'az keyvault secret show: secret named for Cosmos', file: 'kv-dump.json', content: kv('cosmos-primary-key', k.legacy()), lines: [15] },
      { name: 'az keyvault secret show: CosmosDbKey, camel case', file: 'secret.json', content: kv('CosmosDbKey', k.legacy()), lines: [15] },
      { name: 'az keyvault secret show --query value -o tsv after the command', file: 'notes.md',
        content: `$ az keyvault secret show --vault-name kv-${a} --name cosmos-orders-key --query value -o tsv\n${k.legacy()}\n`, lines: [2] },
      { name: 'Key Vault export: a list of secrets, one Cosmos', file: 'export.json',
        content: `[\n  {\n    "name": "storage-account-key",\n    "value": "${k.legacy()}"\n  },\n  {\n    "name": "cosmosdb-primary-key",\n    "value": "${k.legacy()}"\n  }\n]\n`, lines: [8] },
      { name: 'az keyvault secret show -o yaml', file: 'secret.yaml',
        content: `attributes:\n  enabled: true\ncontentType: null\nid: https://kv-${a}.vault.azure.net/secrets/CosmosPrimaryKey/0a1b2c\nname: CosmosPrimaryKey\nvalue: ${k.legacy()}\n`, lines: [6] },
      { name: 'az keyvault secret show -o tsv (every field on one line)', file: 'out.tsv',
        content: `\tnull\thttps://kv-${a}.vault.azure.net/secrets/cosmos-ro-key/9f8e\tnull\tnull\tcosmos-ro-key\t${k.legacy()}\n`, lines: [1] },
      { name: 'Get-AzCosmosDBAccountKey as a list', file: 'keys.txt',
        content: `PrimaryMasterKey           : ${k.legacy()}\nSecondaryMasterKey         : ${k.legacy()}\nPrimaryReadonlyMasterKey   : ${k.legacy()}\n`, lines: [1, 2, 3] },
      // Near misses.
      { name: 'az storage account keys list (json) in a file that also lists Cosmos keys', file: 'all-keys.md',
        content: `$ az cosmosdb keys list -n ${a} -g rg\n{ "primaryMasterKey": "${k.legacy()}" }\n$ az storage account keys list -n st${a} -g rg\n[\n  {\n    "creationTime": "2026-01-05T10:00:00+00:00",\n    "keyName": "key1",\n    "permissions": "FULL",\n    "value": "${k.legacy()}"\n  },\n  {\n    "creationTime": "2026-01-05T10:00:00+00:00",\n    "keyName": "key2",\n    "permissions": "FULL",\n    "value": "${k.legacy()}"\n  }\n]\n`, lines: [2] },
      { name: 'az storage account keys list -o table next to Cosmos output', file: 'keys.txt',
        content: `AccountEndpoint=https://${a}.documents.azure.com:443/\n\n${tableOf(['KeyName', 'Permissions', 'Value'], ['key1', 'FULL', k.legacy()])}`, lines: [] },
      { name: 'Key Vault dump of a secret named for another service, Cosmos in the file', file: 'kv.json',
        content: `${kv('sendgrid-api-signing-key', k.legacy()).trimEnd()}\n// endpoint https://${a}.documents.azure.com:443/\n`, lines: [] },
      { name: 'Key Vault dump with a neutral name and no Cosmos context', file: 'kv.json', content: kv('webhook-secret', k.legacy()), lines: [] },
      { name: 'Log Analytics shared keys next to a Cosmos endpoint', file: 'workspace.json',
        content: `{\n  "cosmosEndpoint": "https://${a}.documents.azure.com:443/",\n  "primarySharedKey": "${k.legacy()}",\n  "secondarySharedKey": "${k.legacy()}"\n}\n`, lines: [] },
    ];
  },
};
