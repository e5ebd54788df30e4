// Docs and scripts whose structure says whose key it is: a Markdown or reStructuredText section headed for Cosmos DB
// (its heading the key's "enclosing block"), the CosmosDB PowerShell module, whose context object takes a key from a
// variable, and a T-SQL credential (Synapse's serverless SQL reading Cosmos DB's analytical store), whose name the
// statement's SECRET is bound to.
import { type ShapeClass } from './shapeCase';

export const sections: ShapeClass = {
  name: 'sections of docs and scripts',
  build: (k) => {
    const a = k.name('ord');
    return [
      { name: 'Markdown: a key in a fenced block of a section headed for Cosmos DB', file: 'docs/setup.md',
        content: `# Setup\n\n## Cosmos DB\n\nUse this key for now:\n\n\`\`\`\n${k.legacy()}\n\`\`\`\n`, lines: [8] },
      { name: 'Markdown: the section\'s parent heading names Cosmos DB', file: 'README.md',
        content: `# Azure Cosmos DB account\n\n## Step 2: credentials\n\nPrimary: \`${k.legacy()}\`\n`, lines: [5] },
      { name: 'Markdown: a setext heading', file: 'NOTES.markdown',
        content: `Orders database (Cosmos)\n========================\n\nread-write:\n\n    ${k.legacy()}\n`, lines: [6] },
      { name: 'Markdown: the Cosmos section holds its key, the Storage section after it does not', file: 'runbook.md',
        content: `## Cosmos DB\n\nCurrent:\n\n${k.legacy()}\n\n## Blob backups\n\nCurrent:\n\n${k.legacy()}\n`, lines: [5] },
      { name: 'PowerShell CosmosDB module: a key made a SecureString, then New-CosmosDbContext', file: 'deploy/connect.ps1',
        content: `$primaryKey = ConvertTo-SecureString -String '${k.legacy()}' -AsPlainText -Force\n$context = New-CosmosDbContext -Account '${a}' -Database 'orders' -Key $primaryKey\n`, lines: [1] },
      { name: 'reStructuredText: a key under a section underlined with =', file: 'docs/setup.rst',
        content: `Cosmos DB\n=========\n\nKey::\n\n    ${k.legacy()}\n`, lines: [6] },
      { name: 'T-SQL: a credential named for Cosmos DB, its SECRET on a line of its own', file: 'sql/analytics/link.sql',
        content: `-- Analytical store access for the reporting pool\nCREATE CREDENTIAL [OrdersCosmosCredential]\nWITH IDENTITY = 'SHARED ACCESS SIGNATURE',\n     SECRET = '${k.legacy()}';\nGO\n`,
        lines: [4] },
      { name: 'T-SQL: a database-scoped credential on one line, a Unicode literal', file: 'setup.sql',
        content: `CREATE DATABASE SCOPED CREDENTIAL cosmos_${a} WITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = N'${k.legacy()}';\n`, lines: [1] },
      { name: 'T-SQL: the credential altered when the key was rotated', file: 'migrations/0042_rotate.sql',
        content: `-- rotated after the incident\nALTER CREDENTIAL [${a}_cosmos_ro]\n  WITH IDENTITY = 'SHARED ACCESS SIGNATURE',\n  SECRET = '${k.legacy()}';\nGO\n`, lines: [4] },
      // Near misses.
      { name: 'T-SQL: the next statement\'s credential is named for Blob storage', file: 'credentials.sql',
        content: `CREATE CREDENTIAL [CosmosOrders]\nWITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = '${k.legacy()}';\n`
          + `CREATE CREDENTIAL [ArchiveBlob]\nWITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = '${k.legacy()}';\n`, lines: [2] },
      { name: 'Markdown: a "# Cosmos DB" comment inside a fenced block is not a heading', file: 'CHANGELOG.md',
        content: `## Release 2.1\n\n\`\`\`sh\n# Cosmos DB\nmake deploy\n\`\`\`\n\nToken:\n\n${k.legacy()}\n`, lines: [] },
      { name: 'Markdown: a key under a heading that names nothing, Cosmos named in prose only', file: 'docs/faq.md',
        content: `## Tokens\n\nWe moved from Cosmos DB last year.\n\nToken:\n\n${k.legacy()}\n`, lines: [] },
      { name: 'not Markdown: a "## Cosmos DB" comment line in a text file does not head a section', file: 'values.txt',
        content: `## Cosmos DB\n\nsalt\n\n${k.legacy()}\n`, lines: [] },
    ];
  },
};
