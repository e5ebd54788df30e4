import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import {
  appendLines, applyTextEdits, chooseVariableName, findStringLiteral, formatDotenvLine, isIgnoredByGitignore, keyVaultDnsSuffix, keyVaultReference,
  parseDotenv, planKeyVaultFix, validateSecretName, validateVaultName,
} from '../../../src/core/remediation';
import { legacyKey, seededRandom } from '../../support/keyFactory';

describe('.env files', () => {
  it('reads names and values in every quoting style', () => {
    const vars = parseDotenv('# c\nA=1\nexport B = two words # note\nC=\'x#y $z\'\nD="q\\"uote\\\\ \\$HOME"\r\nnot a line\nA=again\n');
    assert.deepEqual([...vars], [['A', 'again'], ['B', 'two words'], ['C', 'x#y $z'], ['D', 'q"uote\\ $HOME']]);
  });

  it('writes values every reader reads back unchanged', () => {
    const values = ['abc+/==', 'AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=abc==;', 'p@ss word#1', 'it\'s $HOME "x" \\'];
    for (const value of values) {
      const line = formatDotenvLine('K', value);
      assert.equal(parseDotenv(line).get('K'), value, line);
    }
    assert.equal(formatDotenvLine('K', 'abc+/=='), 'K=abc+/==');
    assert.equal(formatDotenvLine('K', 'a;b'), 'K=\'a;b\'');
  });

  it('never reuses a name that holds a different value', () => {
    const existing = new Map([['COSMOS_KEY', 'old'], ['COSMOS_KEY_2', 'older']]);
    assert.deepEqual(chooseVariableName('COSMOS_KEY', 'new', existing), { name: 'COSMOS_KEY_3', defined: false });
    assert.deepEqual(chooseVariableName('COSMOS_KEY', 'older', existing), { name: 'COSMOS_KEY_2', defined: true });
    assert.deepEqual(chooseVariableName('OTHER', 'v', existing), { name: 'OTHER', defined: false });
  });

  it('appends after existing content with exactly one line break', () => {
    assert.equal(appendLines('', ['A=1']), 'A=1\n');
    assert.equal(appendLines('X=1', ['A=1']), '\nA=1\n');
    assert.equal(appendLines('X=1\n', ['A=1', 'B=2']), 'A=1\nB=2\n');
    assert.equal(appendLines('X=1\r\n', ['A=1'], '\r\n'), 'A=1\r\n');
  });

  it('knows whether .gitignore already ignores .env', () => {
    assert.equal(isIgnoredByGitignore(undefined, '.env'), false);
    assert.equal(isIgnoredByGitignore('node_modules/\n', '.env'), false);
    for (const rules of ['.env\n', '/.env\n', '.env*\n', '*.env\n', '.*\n']) assert.equal(isIgnoredByGitignore(rules, '.env'), true, rules);
    assert.equal(isIgnoredByGitignore('.env\n!.env\n', '.env'), false);
  });
});

describe('string literals', () => {
  it('finds the literal around an offset, honouring escapes, prefixes and verbatim strings', () => {
    const text = 'call("a\\"b", r\'c\\d\', @"e""f", \'target\')';
    const at = text.indexOf('target');
    const span = findStringLiteral(text, at, at + 6);
    assert.equal(text.slice(span!.start, span!.end), '\'target\'');
    const raw = text.indexOf('c\\d');
    assert.equal(findStringLiteral(text, raw, raw + 1)?.prefix, 'r');
    const verbatim = text.indexOf('e""f');
    const v = findStringLiteral(text, verbatim, verbatim + 1);
    assert.equal(text.slice(v!.start, v!.end), '@"e""f"');
    assert.equal(findStringLiteral('x = name + other', 4, 6), undefined);
  });
});

describe('Key Vault references', () => {
  it('validates vault and secret names by Azure\'s rules', () => {
    for (const ok of ['kv1', 'contoso-prod-kv', 'A23456789012345678901234']) assert.equal(validateVaultName(ok), undefined, ok);
    for (const bad of ['kv', '1vault', 'vault-', 'my--vault', 'my_vault', 'a'.repeat(25)]) assert.ok(validateVaultName(bad), bad);
    for (const ok of ['CosmosDb-Key', 'a', '0'.repeat(127)]) assert.equal(validateSecretName(ok), undefined, ok);
    for (const bad of ['', 'a_b', 'a.b', 'a'.repeat(128)]) assert.ok(validateSecretName(bad), bad);
  });

  it('builds the reference for the account\'s cloud', () => {
    assert.equal(keyVaultReference('Contoso-KV', 'OrdersDb'), '@Microsoft.KeyVault(SecretUri=https://contoso-kv.vault.azure.net/secrets/OrdersDb/)');
    assert.equal(keyVaultDnsSuffix('x.documents.azure.us'), 'vault.usgovcloudapi.net');
    assert.equal(keyVaultDnsSuffix('x.documents.azure.cn'), 'vault.azure.cn');
    assert.equal(keyVaultDnsSuffix(undefined), 'vault.azure.net');
  });

  const key = legacyKey(seededRandom(41));
  const conn = `AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=${key};`;

  it('replaces the whole setting value in appsettings.json and suggests the setting\'s name', () => {
    const text = `{\n  "ConnectionStrings": {\n    "Orders:ReadOnly": "${conn}"\n  }\n}\n`;
    const [finding] = scanText('appsettings.json', text);
    const plan = planKeyVaultFix({ path: 'appsettings.json', text, finding: finding! });
    assert.equal(plan?.suggestedSecretName, 'Orders-ReadOnly');
    const out = applyTextEdits(text, [plan.edit(keyVaultReference('kv1', 'Orders-ReadOnly'))]);
    assert.equal(out, '{\n  "ConnectionStrings": {\n    "Orders:ReadOnly": "@Microsoft.KeyVault(SecretUri=https://kv1.vault.azure.net/secrets/Orders-ReadOnly/)"\n  }\n}\n');
  });

  it('takes the name of an App Service "Advanced edit" setting from its sibling', () => {
    const text = `[\n  {\n    "name": "CosmosDb",\n    "slotSetting": false,\n    "value": "${conn}"\n  }\n]\n`;
    const [finding] = scanText('settings.json', text);
    assert.equal(planKeyVaultFix({ path: 'exported/settings.json', text, finding: finding! })?.suggestedSecretName, 'CosmosDb');
  });

  it('is offered only in app-settings files', () => {
    const text = `{ "Conn": "${conn}" }\n`;
    const [finding] = scanText('x.json', text);
    assert.equal(planKeyVaultFix({ path: 'config/x.json', text, finding: finding! }), undefined);
    assert.ok(planKeyVaultFix({ path: 'local.settings.json', text, finding: finding! }));
    assert.ok(planKeyVaultFix({ path: 'appsettings.Development.json', text, finding: finding! }));
  });
});
