import * as assert from 'node:assert/strict';
import { identityDependency, IDENTITY_PACKAGES, installAdvice, type Manifest } from '../../../src/core/clients';

const m = (name: string, text: string, siblings: string[] = []): Manifest => ({ name, text, siblings });

describe('Azure Identity dependency of a project', () => {
  const cases: [string, Parameters<typeof identityDependency>[0], Manifest[], ReturnType<typeof identityDependency>][] = [
    ['package.json with @azure/identity', 'npm', [m('package.json', '{"dependencies":{"@azure/cosmos":"^4.2.0","@azure/identity":"^4.13.1"}}')], 'present'],
    ['package.json with it as a dev dependency', 'npm', [m('package.json', '{"devDependencies":{"@azure/identity":"4.13.1"}}')], 'present'],
    ['package.json without it', 'npm', [m('package.json', '{"dependencies":{"@azure/cosmos":"^4.2.0"},"description":"uses @azure/identity later"}')], 'absent'],
    ['package.json being edited (not JSON)', 'npm', [m('package.json', '{"dependencies":{')], 'unknown'],
    ['requirements.txt', 'pypi', [m('requirements.txt', 'azure-cosmos==4.9.0\nAzure_Identity>=1.19\n')], 'present'],
    ['requirements.txt with only a comment naming it', 'pypi', [m('requirements.txt', 'azure-cosmos\n# azure-identity later\n')], 'absent'],
    ['requirements.txt naming a longer package', 'pypi', [m('requirements.txt', 'azure-identity-broker\n')], 'absent'],
    ['pyproject.toml', 'pypi', [m('pyproject.toml', '[project]\ndependencies = ["azure-cosmos", "azure-identity>=1.19"]\n')], 'present'],
    ['pyproject.toml and requirements.txt: either lists it', 'pypi', [m('pyproject.toml', '[project]\n'), m('requirements.txt', 'azure-identity\n')], 'present'],
    ['a .csproj', 'nuget', [m('Orders.csproj', '<ItemGroup><PackageReference Include="Azure.Identity" Version="1.17.0" /></ItemGroup>')], 'present'],
    ['a .csproj without it', 'nuget', [m('Orders.csproj', '<PackageReference Include="Microsoft.Azure.Cosmos" Version="3.54.0" />')], 'absent'],
    ['pom.xml', 'maven', [m('pom.xml', '<dependency><groupId>com.azure</groupId><artifactId>azure-identity</artifactId></dependency>')], 'present'],
    ['build.gradle', 'maven', [m('build.gradle', "implementation 'com.azure:azure-identity:1.18.0'\n")], 'present'],
    ['build.gradle.kts without it', 'maven', [m('build.gradle.kts', 'implementation("com.azure:azure-cosmos:4.74.0")\n')], 'absent'],
    ['no manifest of the ecosystem', 'npm', [m('requirements.txt', 'azure-identity\n')], 'unknown'],
  ];
  for (const [name, ecosystem, manifests, expected] of cases) it(name, () => assert.equal(identityDependency(ecosystem, manifests), expected));

  it('reads a hostile requirements file (a megabyte of whitespace) and answers', () => {
    assert.equal(identityDependency('pypi', [m('requirements.txt', `${' \t'.repeat(1 << 19)}\n`), m('pyproject.toml', ' '.repeat(1 << 20))]), 'absent');
  });
});

describe('advice on adding the Azure Identity package', () => {
  const cases: [string, keyof typeof IDENTITY_PACKAGES, Manifest | undefined, string, string | undefined][] = [
    ['npm', 'javascript', m('package.json', '{}', ['package.json', 'package-lock.json']), 'Add @azure/identity: npm install @azure/identity', 'npm install @azure/identity'],
    ['pnpm', 'typescript', m('package.json', '{}', ['pnpm-lock.yaml']), 'Add @azure/identity: pnpm add @azure/identity', 'pnpm add @azure/identity'],
    ['yarn', 'javascript', m('package.json', '{}', ['yarn.lock']), 'Add @azure/identity: yarn add @azure/identity', 'yarn add @azure/identity'],
    ['requirements.txt', 'python', m('requirements.txt', ''), 'Add azure-identity to requirements.txt: pip install azure-identity', 'pip install azure-identity'],
    ['poetry', 'python', m('pyproject.toml', '[tool.poetry]\n'), 'Add azure-identity: poetry add azure-identity', 'poetry add azure-identity'],
    ['uv', 'python', m('pyproject.toml', '[project]\n', ['uv.lock']), 'Add azure-identity: uv add azure-identity', 'uv add azure-identity'],
    ['.csproj', 'csharp', m('Orders.Api.csproj', ''), 'Add Azure.Identity: dotnet add Orders.Api.csproj package Azure.Identity', 'dotnet add Orders.Api.csproj package Azure.Identity'],
    ['pom.xml', 'java', m('pom.xml', ''), 'Add com.azure:azure-identity to pom.xml: <dependency><groupId>com.azure</groupId><artifactId>azure-identity</artifactId></dependency>', undefined],
    ['no manifest', 'python', undefined, 'Add azure-identity: pip install azure-identity', 'pip install azure-identity'],
  ];
  for (const [name, language, manifest, message, command] of cases) {
    it(name, () => assert.deepEqual(installAdvice(IDENTITY_PACKAGES[language], manifest), { message, ...(command ? { command } : {}) }));
  }
});
