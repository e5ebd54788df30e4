export { clientLanguageOf, type ClientLanguage } from './clientLanguage';
export { CLIENT_TRIGGERS, findKeyBasedClients } from './findKeyBasedClients';
export { IDENTITY_PACKAGES, keylessRewrite, type CredentialForm, type IdentityPackage, type KeyBasedClient, type KeylessRewrite, type ValueSource } from './keyBasedClient';
export {
  isKeyBasedClientFinding, KEY_BASED_CLIENT_RULE, keyBasedClientFindings, keyBasedClientMessage, type ClientDetails, type KeyBasedClientFinding,
} from './keyBasedClientRule';
export { identityDependency, installAdvice, MANIFEST_NAMES, type InstallAdvice, type Manifest } from './identityDependency';
