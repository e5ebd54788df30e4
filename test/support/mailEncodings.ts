// The transfer encodings of e-mail bodies (RFC 2045), written here so that test cases can be built from fresh keys.

/** Quoted-printable: `=` and bytes outside printable ASCII as `=XX`, lines cut at `width` with soft line breaks. */
export function quotedPrintable(text: string, width = 76): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let current = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      const c = String.fromCharCode(byte);
      const piece = byte === 61 || byte > 126 || (byte < 32 && byte !== 9) ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : c;
      if (current.length + piece.length > width - 1) {
        out.push(`${current}=`);
        current = '';
      }
      current += piece;
    }
    out.push(current);
  }
  return out.join('\n');
}

/** Base64 wrapped at `width` characters a line, as MIME (76) and PEM (64) write it, each line after `indent`. */
export function wrappedBase64(text: string, width = 76, indent = ''): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += width) lines.push(indent + encoded.slice(i, i + width));
  return lines.join('\n');
}

/** The 1-based line, within `wrappedBase64(text, width)`, of the base64 that encodes the byte at `offset` of `text`. */
export function wrappedLineOf(text: string, offset: number, width = 76): number {
  const byte = Buffer.byteLength(text.slice(0, offset), 'utf8');
  return Math.floor((Math.floor(byte / 3) * 4) / width) + 1;
}
