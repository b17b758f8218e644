// A fresh Idempotency-Key for one issuing or import: a retry of the same submit (a lost answer, a
// double click) reuses it, so the server issues once. getRandomValues, unlike randomUUID, works on
// plain http too — a console on the venue's own network may have no TLS.
export function newIdempotencyKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
