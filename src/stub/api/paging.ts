// Index-based paging, shared by Lambda's list calls (Marker/MaxItems) and the
// CloudWatch Logs calls (nextToken/limit): a token is the index of the next
// item, opaque to callers as the real ones are.

export interface Page<T> {
  readonly items: T[];
  /** Token of the rest; absent on the last page. */
  readonly next?: string;
}

/** Items [from, from + size) and the token of what follows, if anything does. */
export function slicePage<T>(items: readonly T[], from: number, size: number): Page<T> {
  const slice = items.slice(from, from + size);
  return from + size < items.length ? { items: slice, next: String(from + size) } : { items: slice };
}

/**
 * A Lambda list answer: the page of `items` that the Marker and MaxItems
 * query parameters ask for (50 by default) under `key`, and NextMarker while
 * more remain.
 */
export function listPage(key: string, items: readonly unknown[], query: URLSearchParams): Record<string, unknown> {
  const marker = query.get('Marker');
  const maxItems = query.get('MaxItems');
  const start = marker === null ? 0 : Number.parseInt(marker, 10);
  const max = maxItems === null ? 50 : Number.parseInt(maxItems, 10);
  const from = Number.isFinite(start) && start >= 0 ? start : 0;
  const size = Number.isFinite(max) && max >= 1 ? Math.min(max, 10_000) : 50;
  const p = slicePage(items, from, size);
  return p.next === undefined ? { [key]: p.items } : { [key]: p.items, NextMarker: p.next };
}
