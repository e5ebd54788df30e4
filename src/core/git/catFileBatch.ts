// Reads `git cat-file --batch` output as it streams in: for each requested id, `<id> <type> <size>\n`, the
// object's `size` bytes and `\n` — or `<id> missing\n`. Content is copied once into a buffer of the announced size,
// which the caller bounds (`maxObjectSize`: it asks only for objects it has checked the size of).

export interface BatchObject {
  readonly id: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

export class CatFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatFileError';
  }
}

const MAX_HEADER = 256;
const latin1 = new TextDecoder('latin1');

export class CatFileBatchParser {
  private header: number[] = [];
  private body: Uint8Array | undefined;
  private bodyFilled = 0;
  private current: { id: string; type: string } | undefined;
  /** After a body, the `\n` that ends it. */
  private awaitingNewline = false;

  constructor(
    private readonly maxObjectSize: number,
    private readonly onObject: (object: BatchObject) => void,
    private readonly onMissing: (id: string) => void = () => undefined,
  ) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.awaitingNewline) {
        if (chunk[at] !== 0x0a) throw new CatFileError('unexpected git cat-file output (no newline after an object)');
        this.awaitingNewline = false;
        at++;
      } else if (this.body) {
        const take = Math.min(this.body.length - this.bodyFilled, chunk.length - at);
        this.body.set(chunk.subarray(at, at + take), this.bodyFilled);
        this.bodyFilled += take;
        at += take;
        if (this.bodyFilled === this.body.length) this.finishBody();
      } else {
        const nl = chunk.indexOf(0x0a, at);
        const end = nl < 0 ? chunk.length : nl;
        if (this.header.length + (end - at) > MAX_HEADER) throw new CatFileError('unexpected git cat-file output (header too long)');
        for (let i = at; i < end; i++) this.header.push(chunk[i]!);
        at = end;
        if (nl >= 0) {
          at++;
          this.startObject(latin1.decode(Uint8Array.from(this.header)));
          this.header = [];
        }
      }
    }
  }

  /** Call after the last chunk. */
  end(): void {
    if (this.body || this.header.length || this.awaitingNewline) throw new CatFileError('git cat-file output ended inside an object');
  }

  private startObject(line: string): void {
    const [id, type, size] = line.split(' ');
    if (type === 'missing' || type === 'ambiguous') {
      this.onMissing(id!);
      return;
    }
    const n = Number(size);
    if (!id || !type || !Number.isSafeInteger(n) || n < 0) throw new CatFileError('unexpected git cat-file header');
    if (n > this.maxObjectSize) throw new CatFileError(`git cat-file sent an object of ${n} bytes, more than asked for`);
    this.current = { id, type };
    this.body = new Uint8Array(n);
    this.bodyFilled = 0;
    if (n === 0) this.finishBody();
  }

  private finishBody(): void {
    const object = { ...this.current!, bytes: this.body! };
    this.body = undefined;
    this.current = undefined;
    this.awaitingNewline = true;
    this.onObject(object);
  }
}
