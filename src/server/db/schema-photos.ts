import type { ColumnType, Generated } from 'kysely';

/** Photo check (migration 0032): one re-encoded photo per ticket, sealed at rest; null bytes: removed (a tombstone for phones). */
export interface TicketPhotosTable {
  ticket_id: string;
  tenant_id: string;
  event_id: string;
  photo_enc: Uint8Array | null;
  thumb_enc: Uint8Array | null;
  mime: 'image/jpeg' | 'image/webp' | null;
  bytes: number | null;
  seal_nonce: Uint8Array | null;
  consent_at: Date | null;
  seq: ColumnType<string, string | number | undefined, string | number>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
