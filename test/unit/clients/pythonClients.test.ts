import { conn, key, runCases, type ClientCase } from './clientCases';

const IMPORT = 'from azure.cosmos import CosmosClient\n';
const DAC = 'from azure.identity import DefaultAzureCredential\n';

const positive: ClientCase[] = [
  {
    name: 'credential=KEY read from the environment: the import goes after the azure.cosmos one',
    file: 'app/db.py',
    text: `import os\n${IMPORT}\nURL = os.environ["COSMOS_ENDPOINT"]\nKEY = os.environ["COSMOS_KEY"]\nclient = CosmosClient(URL, credential=KEY)\n`,
    expect: {
      credential: 'account-key', source: 'configuration', construction: 'CosmosClient(URL, credential=KEY)',
      rewritten: `import os\n${IMPORT}${DAC}\nURL = os.environ["COSMOS_ENDPOINT"]\nKEY = os.environ["COSMOS_KEY"]\nclient = CosmosClient(URL, credential=DefaultAzureCredential())\n`,
    },
  },
  {
    name: 'the key passed by position, written in the code',
    file: 'db.py',
    text: `${IMPORT}client = CosmosClient("https://acct1.documents.azure.com:443/", "${key(1)}")\n`,
    expect: {
      credential: 'account-key', source: 'literal', construction: `CosmosClient("https://acct1.documents.azure.com:443/", "${key(1)}")`,
      rewritten: `${IMPORT}${DAC}client = CosmosClient("https://acct1.documents.azure.com:443/", DefaultAzureCredential())\n`,
    },
  },
  {
    name: 'a {"masterKey": …} credential dict',
    file: 'db.py',
    text: `${IMPORT}client = CosmosClient(url, {'masterKey': settings.COSMOS_KEY}, consistency_level='Session')\n`,
    expect: {
      credential: 'account-key', source: 'configuration', construction: "CosmosClient(url, {'masterKey': settings.COSMOS_KEY}, consistency_level='Session')",
      rewritten: `${IMPORT}${DAC}client = CosmosClient(url, DefaultAzureCredential(), consistency_level='Session')\n`,
    },
  },
  {
    name: 'from_connection_string with a literal: CosmosClient(endpoint, credential=…), other keyword arguments kept',
    file: 'db.py',
    text: `${IMPORT}client = CosmosClient.from_connection_string(\n    "${conn(2)}",\n    consistency_level="Session",\n)\n`,
    expect: {
      credential: 'connection-string', source: 'literal', construction: `CosmosClient.from_connection_string(\n    "${conn(2)}",\n    consistency_level="Session",\n)`,
      rewritten: `${IMPORT}${DAC}client = CosmosClient("https://acct2.documents.azure.com:443/", credential=DefaultAzureCredential(), consistency_level="Session")\n`,
    },
  },
  {
    name: 'from_connection_string from the environment, with COSMOS_ENDPOINT read in the same file',
    file: 'db.py',
    text: `import os\n${IMPORT}ENDPOINT = os.environ["COSMOS_ENDPOINT"]\nclient = CosmosClient.from_connection_string(os.environ["COSMOS_CONNECTION_STRING"])\n`,
    expect: {
      credential: 'connection-string', source: 'configuration', construction: 'CosmosClient.from_connection_string(os.environ["COSMOS_CONNECTION_STRING"])',
      rewritten: `import os\n${IMPORT}${DAC}ENDPOINT = os.environ["COSMOS_ENDPOINT"]\nclient = CosmosClient(os.environ["COSMOS_ENDPOINT"], credential=DefaultAzureCredential())\n`,
    },
  },
  {
    name: 'from_connection_string of a parameter: reported, not rewritten (no endpoint)',
    file: 'db.py',
    text: `${IMPORT}def get_client(connection_string: str) -> CosmosClient:\n    return CosmosClient.from_connection_string(connection_string)\n`,
    expect: { credential: 'connection-string', source: 'variable', construction: 'CosmosClient.from_connection_string(connection_string)', rewritten: null },
  },
  {
    name: 'the asynchronous client takes azure.identity.aio\'s credential',
    file: 'db.py',
    text: 'from azure.cosmos.aio import CosmosClient\n\nasync def main(url, key):\n    async with CosmosClient(url, credential=key) as client:\n        pass\n',
    expect: {
      credential: 'account-key', source: 'variable', construction: 'CosmosClient(url, credential=key)',
      rewritten: 'from azure.cosmos.aio import CosmosClient\nfrom azure.identity.aio import DefaultAzureCredential\n\nasync def main(url, key):\n'
        + '    async with CosmosClient(url, credential=DefaultAzureCredential()) as client:\n        pass\n',
    },
  },
  {
    name: 'a module alias (import azure.cosmos as cosmos), with the credential already imported',
    file: 'db.py',
    text: `import azure.cosmos as cosmos\n${DAC}client = cosmos.CosmosClient(url=endpoint, credential=account_key)\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'cosmos.CosmosClient(url=endpoint, credential=account_key)',
      rewritten: `import azure.cosmos as cosmos\n${DAC}client = cosmos.CosmosClient(url=endpoint, credential=DefaultAzureCredential())\n`,
    },
  },
  {
    name: 'a parenthesised import over several lines',
    file: 'db.py',
    text: 'from azure.cosmos import (\n    CosmosClient,\n    PartitionKey,\n)\n\nclient = CosmosClient(url, credential=secret)\n',
    expect: {
      credential: 'account-key', source: 'variable', construction: 'CosmosClient(url, credential=secret)',
      rewritten: `from azure.cosmos import (\n    CosmosClient,\n    PartitionKey,\n)\n${DAC}\nclient = CosmosClient(url, credential=DefaultAzureCredential())\n`,
    },
  },
];

const negative: ClientCase[] = [
  { name: 'DefaultAzureCredential()', file: 'db.py', text: `${IMPORT}${DAC}client = CosmosClient(url, credential=DefaultAzureCredential())\n`, expect: null },
  { name: 'a credential built from a token credential', file: 'db.py', text: `${IMPORT}${DAC}credential = DefaultAzureCredential()\nclient = CosmosClient(ENDPOINT, credential)\n`, expect: null },
  {
    name: 'a name whose declaration is a token credential',
    file: 'db.py',
    text: `${IMPORT}from azure.identity import ManagedIdentityCredential\nc = ManagedIdentityCredential(client_id=cid)\nclient = CosmosClient(url, c)\n`,
    expect: null,
  },
  { name: 'resource tokens', file: 'db.py', text: `${IMPORT}client = CosmosClient(url, {'resourceTokens': tokens})\n`, expect: null },
  {
    name: 'comments, docstrings and strings',
    file: 'db.py',
    text: `${IMPORT}"""Use CosmosClient(url, credential=key) to connect."""\n# client = CosmosClient(url, credential=key)\nexample = 'CosmosClient.from_connection_string(conn)'\n`,
    expect: null,
  },
  {
    name: 'a class of the file\'s own named CosmosClient (the SDK imported under another name)',
    file: 'binding.py',
    text: 'from azure.cosmos import CosmosClient as CosmosClientSdk\n\nclass CosmosClient(SdkType):\n    pass\n\nc = CosmosClient(data, key)\n',
    expect: null,
  },
  { name: 'a CosmosClient from another package', file: 'db.py', text: 'from cosmpy.aerial.client import CosmosClient\nclient = CosmosClient(url, key)\n', expect: null },
];

describe('cosmos-key-based-client: Python', () => {
  describe('reports', () => runCases(positive));
  describe('does not report', () => runCases(negative));
});
