/** What replaces a secret: an ellipsis plus at most the last four characters, which identify but cannot be used. */
export function maskValue(secret: string): string {
  return secret.length <= 8 ? '…' : `…${secret.slice(-4)}`;
}
