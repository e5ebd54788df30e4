export { isIgnoredByGitignore } from './gitignoreEntry';
export { appendLines, chooseVariableName, formatDotenvLine, formatDotenvValue, parseDotenv } from './dotenv';
export { planEnvVariableFix, type EnvFixInput, type EnvFixPlan, type EnvFixTarget } from './envVariableFix';
export {
  isAppSettingsFile, keyVaultDnsSuffix, keyVaultReference, planKeyVaultFix, validateSecretName, validateVaultName, type KeyVaultPlan,
} from './keyVaultReference';
export { findConfigValue, findStringLiteral, literalValue, type LiteralSpan } from './stringLiteral';
export { applyTextEdits, lineBounds, type TextEdit } from './textEdit';
