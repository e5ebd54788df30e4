// `zure.`: in every Cosmos host name (the `.azure.` of the public and sovereign clouds, the `microsoftazure.` of the
// German one). The two rules with nothing else to anchor on, vCore passwords and keys without their padding, run only
// in a text that holds it; so it is one of the triggers byte-level pre-checks look for.
export const HOST_GATE = 'zure.';
