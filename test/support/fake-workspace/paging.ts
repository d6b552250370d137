import { invalidParameter } from "./errors";

/**
 * Cursor paging for list APIs: items are returned in creation order and the opaque
 * `next_page_token` names the creation sequence number of the last item returned, so deleting
 * items between pages neither skips nor repeats others.
 * ASSUMPTION: the default and maximum page sizes (100 and 1000) are not in the reference.
 */
export const defaultPageSize = 100;
export const maxPageSize = 1000;

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export function paginate<T extends { seq: number }>(
  itemsInCreationOrder: readonly T[],
  query: URLSearchParams,
): Page<T> {
  const pageSize = readPageSize(query.get("page_size"));
  const after = readPageToken(query.get("page_token"));
  const remaining = itemsInCreationOrder.filter((item) => item.seq > after);
  const items = remaining.slice(0, pageSize);
  const last = items[items.length - 1];
  return remaining.length > pageSize && last !== undefined
    ? { items, nextPageToken: Buffer.from(`after:${last.seq}`).toString("base64url") }
    : { items };
}

function readPageSize(raw: string | null): number {
  if (raw === null || raw === "") return defaultPageSize;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 0) {
    throw invalidParameter(`Invalid page_size: '${raw}'`);
  }
  // page_size=0 means "server default", like most Databricks list APIs (ASSUMPTION).
  return size === 0 ? defaultPageSize : Math.min(size, maxPageSize);
}

function readPageToken(raw: string | null): number {
  if (raw === null || raw === "") return -1;
  const match = /^after:(\d+)$/.exec(Buffer.from(raw, "base64url").toString("utf8"));
  if (match?.[1] === undefined) throw invalidParameter(`Invalid page_token: '${raw}'`);
  return Number(match[1]);
}
