/**
 * A live dashboard's messages, encoded once for all the dashboards they go to. Each view keeps its
 * last figures as one JSON string per field, so the next message can be a `patch` of the fields
 * that changed: on a big event the phones' list and the feed are most of a 30 KB snapshot, and the
 * phones' list changes every few seconds at most, so a patch is usually well under half of one.
 */
export interface ViewMessage {
  /** The whole figures (`event: snapshot`). */
  snapshot: Buffer;
  /** The fields that changed since the view's last message (`event: patch`), when there was one. */
  patch: Buffer | undefined;
  /** Each field's JSON, for the next message's patch. */
  fields: Map<string, string>;
}

export function sseMessage(event: string, json: string, id?: string): Buffer {
  return Buffer.from(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${json}\n\n`);
}

/**
 * `data` as a snapshot and, given the fields of the view's last message, as a patch of what
 * changed (`asOf` always, so every message says when its figures were read). A field that went
 * away cannot be said in a patch: then there is none and the snapshot goes.
 */
export function encodeView(data: object, id: string, before: Map<string, string> | undefined): ViewMessage {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined) fields.set(key, JSON.stringify(value));
  }
  const snapshot = sseMessage('snapshot', objectJson(fields), id);
  if (!before || [...before.keys()].some((key) => !fields.has(key))) return { snapshot, patch: undefined, fields };
  const changed = new Map<string, string>();
  for (const [key, json] of fields) if (key === 'asOf' || before.get(key) !== json) changed.set(key, json);
  return { snapshot, patch: sseMessage('patch', objectJson(changed), id), fields };
}

function objectJson(fields: Map<string, string>): string {
  const parts: string[] = [];
  for (const [key, json] of fields) parts.push(`${JSON.stringify(key)}:${json}`);
  return `{${parts.join(',')}}`;
}
