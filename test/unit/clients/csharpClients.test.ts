import { conn, key, runCases, type ClientCase } from './clientCases';

const USING = 'using System;\nusing Microsoft.Azure.Cosmos;\n';
const WITH_IDENTITY = 'using System;\nusing Microsoft.Azure.Cosmos;\nusing Azure.Identity;\n';

const positive: ClientCase[] = [
  {
    name: 'new CosmosClient(endpoint, authKey): the key becomes new DefaultAzureCredential(), using Azure.Identity added',
    file: 'Data/Db.cs',
    text: `${USING}\nvar client = new CosmosClient(endpoint, authKey);\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new CosmosClient(endpoint, authKey)',
      rewritten: `${WITH_IDENTITY}\nvar client = new CosmosClient(endpoint, new DefaultAzureCredential());\n`,
    },
  },
  {
    name: 'the key read from configuration, with client options kept',
    file: 'Program.cs',
    text: `${USING}var client = new CosmosClient(\n    builder.Configuration["CosmosDb:Endpoint"],\n    builder.Configuration["CosmosDb:Key"],\n    new CosmosClientOptions { ApplicationName = "orders" });\n`,
    expect: {
      credential: 'account-key', source: 'configuration',
      construction: 'new CosmosClient(\n    builder.Configuration["CosmosDb:Endpoint"],\n    builder.Configuration["CosmosDb:Key"],\n    new CosmosClientOptions { ApplicationName = "orders" })',
      rewritten: `${WITH_IDENTITY}var client = new CosmosClient(\n    builder.Configuration["CosmosDb:Endpoint"],\n    new DefaultAzureCredential(),\n`
        + '    new CosmosClientOptions { ApplicationName = "orders" });\n',
    },
  },
  {
    name: 'a connection-string literal (verbatim string): the endpoint comes out of it',
    file: 'Db.cs',
    text: `${USING}var client = new CosmosClient(@"${conn(1)}");\n`,
    expect: {
      credential: 'connection-string', source: 'literal', construction: `new CosmosClient(@"${conn(1)}")`,
      rewritten: `${WITH_IDENTITY}var client = new CosmosClient("https://acct1.documents.azure.com:443/", new DefaultAzureCredential());\n`,
    },
  },
  {
    name: 'a connection string from configuration with options: reported, not rewritten (no endpoint)',
    file: 'Db.cs',
    text: `${USING}var client = new CosmosClient(configuration.GetConnectionString("Cosmos"), clientOptions);\n`,
    expect: { credential: 'connection-string', source: 'configuration', construction: 'new CosmosClient(configuration.GetConnectionString("Cosmos"), clientOptions)', rewritten: null },
  },
  {
    name: 'a connection string from the environment, the endpoint read the same way nearby',
    file: 'Db.cs',
    text: `${USING}var endpoint = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT");\nvar client = new CosmosClient(Environment.GetEnvironmentVariable("COSMOS_CONNECTION_STRING"));\n`,
    expect: {
      credential: 'connection-string', source: 'configuration', construction: 'new CosmosClient(Environment.GetEnvironmentVariable("COSMOS_CONNECTION_STRING"))',
      rewritten: `${WITH_IDENTITY}var endpoint = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT");\n`
        + 'var client = new CosmosClient(Environment.GetEnvironmentVariable("COSMOS_ENDPOINT"), new DefaultAzureCredential());\n',
    },
  },
  {
    name: 'an AzureKeyCredential',
    file: 'Db.cs',
    text: `${USING}var client = new CosmosClient(endpoint, new AzureKeyCredential("${key(2)}"));\n`,
    expect: {
      credential: 'key-credential', source: 'variable', construction: `new CosmosClient(endpoint, new AzureKeyCredential("${key(2)}"))`,
      rewritten: `${WITH_IDENTITY}var client = new CosmosClient(endpoint, new DefaultAzureCredential());\n`,
    },
  },
  {
    name: 'CosmosClientBuilder(endpoint, key), Azure.Identity already used',
    file: 'Startup.cs',
    text: `${WITH_IDENTITY}using Microsoft.Azure.Cosmos.Fluent;\nvar client = new CosmosClientBuilder(settings.Endpoint, settings.AccountKey).WithApplicationName("x").Build();\n`,
    expect: {
      credential: 'account-key', source: 'configuration', construction: 'new CosmosClientBuilder(settings.Endpoint, settings.AccountKey)',
      rewritten: `${WITH_IDENTITY}using Microsoft.Azure.Cosmos.Fluent;\nvar client = new CosmosClientBuilder(settings.Endpoint, new DefaultAzureCredential()).WithApplicationName("x").Build();\n`,
    },
  },
  {
    name: 'CosmosClientBuilder(connectionString)',
    file: 'Startup.cs',
    text: 'using Microsoft.Azure.Cosmos.Fluent;\nvar builder = new CosmosClientBuilder(connectionString);\n',
    expect: { credential: 'connection-string', source: 'variable', construction: 'new CosmosClientBuilder(connectionString)', rewritten: null },
  },
  {
    name: 'CosmosClient.CreateAndInitializeAsync(endpoint, key, containers)',
    file: 'Db.cs',
    text: `${USING}var client = await CosmosClient.CreateAndInitializeAsync(endpoint, primaryKey, containers);\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'CosmosClient.CreateAndInitializeAsync(endpoint, primaryKey, containers)',
      rewritten: `${WITH_IDENTITY}var client = await CosmosClient.CreateAndInitializeAsync(endpoint, new DefaultAzureCredential(), containers);\n`,
    },
  },
  {
    name: 'CosmosClient.CreateAndInitializeAsync(connectionString, containers)',
    file: 'Db.cs',
    text: `${USING}var client = await CosmosClient.CreateAndInitializeAsync(conn, new List<(string, string)> { ("db", "orders") });\n`,
    expect: {
      credential: 'connection-string', source: 'variable', construction: 'CosmosClient.CreateAndInitializeAsync(conn, new List<(string, string)> { ("db", "orders") })', rewritten: null,
    },
  },
  {
    name: 'a target-typed new',
    file: 'Db.cs',
    text: `${USING}class Db {\n    private readonly CosmosClient client = new(accountEndpoint, accountKey);\n}\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new(accountEndpoint, accountKey)',
      rewritten: `${WITH_IDENTITY}class Db {\n    private readonly CosmosClient client = new(accountEndpoint, new DefaultAzureCredential());\n}\n`,
    },
  },
  {
    name: 'named arguments',
    file: 'Db.cs',
    text: `${USING}var client = new CosmosClient(accountEndpoint: endpoint, authKeyOrResourceToken: cosmosKey);\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new CosmosClient(accountEndpoint: endpoint, authKeyOrResourceToken: cosmosKey)',
      rewritten: `${WITH_IDENTITY}var client = new CosmosClient(accountEndpoint: endpoint, tokenCredential: new DefaultAzureCredential());\n`,
    },
  },
  {
    name: 'a typed parameter, fully qualified type, no using directives: the credential is qualified too',
    file: 'Db.cs',
    text: 'static Microsoft.Azure.Cosmos.CosmosClient Create(string endpoint, string secret) =>\n    new Microsoft.Azure.Cosmos.CosmosClient(endpoint, secret);\n',
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new Microsoft.Azure.Cosmos.CosmosClient(endpoint, secret)',
      rewritten: 'static Microsoft.Azure.Cosmos.CosmosClient Create(string endpoint, string secret) =>\n    new Microsoft.Azure.Cosmos.CosmosClient(endpoint, new Azure.Identity.DefaultAzureCredential());\n',
    },
  },
];

const negative: ClientCase[] = [
  { name: 'new DefaultAzureCredential()', file: 'Db.cs', text: `${WITH_IDENTITY}var client = new CosmosClient(endpoint, new DefaultAzureCredential());\n`, expect: null },
  { name: 'a TokenCredential parameter', file: 'Db.cs', text: `${USING}CosmosClient Create(string endpoint, TokenCredential credential) => new CosmosClient(endpoint, credential, options);\n`, expect: null },
  { name: 'a token credential variable', file: 'Db.cs', text: `${USING}var cred = new ManagedIdentityCredential();\nvar client = new CosmosClient(endpoint, cred);\n`, expect: null },
  { name: 'a resource token', file: 'Db.cs', text: `${USING}var client = new CosmosClient(endpoint, resourceToken);\n`, expect: null },
  { name: 'the mocking constructor', file: 'Db.cs', text: `${USING}var client = new Mock<CosmosClient>();\nvar c = new CosmosClient();\n`, expect: null },
  { name: 'no using of Microsoft.Azure.Cosmos', file: 'Db.cs', text: 'using Contoso.Data;\nvar client = new CosmosClient(endpoint, authKey);\n', expect: null },
  { name: 'another namespace\'s CosmosClient', file: 'Db.cs', text: `${USING}var client = new Contoso.CosmosClient(endpoint, authKey);\n`, expect: null },
  {
    name: 'comments and strings (interpolated, verbatim, raw)',
    file: 'Db.cs',
    text: `${USING}// new CosmosClient(endpoint, authKey)\n/* new CosmosClient(conn) */\nvar a = $"new CosmosClient({endpoint}, key)";\nvar b = @"new CosmosClient(conn)";\nvar c = """\nnew CosmosClient(endpoint, key)\n""";\n`,
    expect: null,
  },
];

describe('cosmos-key-based-client: C#', () => {
  describe('reports', () => runCases(positive));
  describe('does not report', () => runCases(negative));
});
