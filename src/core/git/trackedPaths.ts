// The set of paths git tracks in one repository, for the scanners' one question: is this ignored path committed?
// Tracked files are scanned even when `.gitignore` matches them (a `.env` committed before it was ignored is the
// classic leak); untracked ignored files stay skipped.

/** Compares as git orders index entries: by UTF-16 code units here, which is all a sorted lookup needs. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class TrackedPaths {
  private readonly sorted: readonly string[];
  private readonly exact: ReadonlySet<string>;
  private readonly sparse: ReadonlySet<string>;

  /** `paths` relative to the repository root, POSIX; `sparseDirectories`: folders tracked as a whole (sparse index). */
  constructor(paths: Iterable<string>, sparseDirectories: Iterable<string> = []) {
    this.exact = new Set(paths);
    this.sparse = new Set(sparseDirectories);
    this.sorted = [...this.exact, ...[...this.sparse].map((d) => `${d}/`)].sort(byCodeUnit);
  }

  static readonly none = new TrackedPaths([]);

  get size(): number {
    return this.exact.size;
  }

  /** Whether the file at `path` (relative to the repository root) is tracked. */
  hasFile(path: string): boolean {
    return this.exact.has(path) || this.inSparseDirectory(path, false);
  }

  /** Whether `path` lies inside (or, with `orSelf`, is) a folder the sparse index tracks as a whole. */
  private inSparseDirectory(path: string, orSelf: boolean): boolean {
    if (this.sparse.size === 0) return false;
    if (orSelf && this.sparse.has(path)) return true;
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (this.sparse.has(path.slice(0, slash))) return true;
    }
    return false;
  }

  /** Whether any tracked file lies inside the folder `dir` (relative to the repository root; '' is the root). */
  hasInside(dir: string): boolean {
    if (dir === '') return this.sorted.length > 0;
    if (this.inSparseDirectory(dir, true)) return true;
    const prefix = `${dir}/`;
    // The first path not below `prefix` in sort order: paths starting with `prefix` follow it directly.
    let lo = 0, hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.sorted[lo]!.startsWith(prefix);
  }

  /** For walkers: a file is kept when tracked, a folder is entered when it holds something tracked. */
  covers(path: string, isDirectory: boolean): boolean {
    return isDirectory ? this.hasInside(path) : this.hasFile(path);
  }

  /** Whether both sets hold the same paths (to tell a real change of the index from a rewrite of its stat data). */
  sameAs(other: TrackedPaths): boolean {
    if (other.sorted.length !== this.sorted.length) return false;
    for (let i = 0; i < this.sorted.length; i++) if (this.sorted[i] !== other.sorted[i]) return false;
    return true;
  }
}
