/**
 * The first `limit` items under a total order, whatever order they come in: kept in a buffer of at most twice the
 * limit, sorted and cut when full. Because the order is total, the same items give the same selection however they
 * were split between workers and merged.
 */
export class Selection<T> {
  private items: T[] = [];
  private seen = 0;

  constructor(
    readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    this.seen++;
    this.items.push(item);
    if (this.items.length >= 2 * this.limit + 1) this.trim();
  }

  /** Counts items selected elsewhere and left out there. */
  addOmitted(count: number): void {
    this.seen += count;
  }

  /** The selection, in order, and how many items it left out. */
  take(): { items: T[]; omitted: number } {
    this.trim();
    return { items: [...this.items], omitted: this.seen - this.items.length };
  }

  private trim(): void {
    this.items.sort(this.compare);
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}
