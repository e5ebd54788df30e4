import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandId } from '../../src/platform/commandIds';
import { SETTINGS_SECTION, SettingKey } from '../../src/platform/settingKeys';
import { repoRoot } from '../support/repoRoot';

interface Manifest {
  readonly contributes: {
    readonly commands: readonly { readonly command: string; readonly title: string; readonly category?: string }[];
    readonly configuration: { readonly properties: Record<string, Record<string, unknown>> };
  };
}

const root = repoRoot();
const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('package.json contract', () => {
  it('has every %key% it uses in package.nls.json, and package.nls.json has no unused keys', () => {
    const used = new Set([...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]!));
    assert.ok(used.size > 0);
    assert.deepEqual([...used].filter((key) => typeof nls[key] !== 'string' || nls[key] === '').sort(), []);
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)).sort(), []);
  });

  it('contributes exactly the commands in CommandId, each localised under the "Cosmos Guard" category', () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(CommandId).sort());
    for (const command of manifest.contributes.commands) {
      assert.match(command.command, /^cosmosGuard\.[a-z]+[A-Za-z]*$/);
      assert.equal(command.category, '%command.category%', command.command);
      assert.equal(nls['command.category'], 'Cosmos Guard');
      assert.match(command.title, /^%.+%$/, `${command.command} has an unlocalised title`);
      assert.match(nls[command.title.slice(1, -1)] ?? '', /^[A-Z]/, `${command.command}: titles are Title Case`);
    }
  });

  it('declares exactly the settings in SettingKey, each with a default, a localised description and a scope', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), Object.values(SettingKey).map((key) => `${SETTINGS_SECTION}.${key}`).sort());
    for (const [name, schema] of Object.entries(properties)) {
      assert.ok('default' in schema, `${name} has no default`);
      assert.match(String(schema.markdownDescription), /^%.+%$/, `${name} has no localised markdownDescription`);
      assert.ok(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable'].includes(String(schema.scope)),
        `${name} has no scope`);
    }
  });
});
