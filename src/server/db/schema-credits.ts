import type { ColumnType, Generated } from 'kysely';

/** CPD certificates (migration 0031): what an issued certificate confirms, kept as issued. */
export interface CertificatesTable {
  id: string;
  tenant_id: string;
  event_id: string;
  ticket_id: string;
  code: string;
  /** numeric(8,2), read as a string. */
  credits: ColumnType<string, string | number, never>;
  holder_initials: string;
  issued_at: Generated<Date>;
}
