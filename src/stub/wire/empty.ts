/** No bytes: the body of every request and reply that has none, shared so that none allocates one. */
export const EMPTY = Buffer.alloc(0);
