import type { Direction, Verdict } from '../db/schema.ts';

/*
 * What online scanning and offline upload hand the judge and get back. The scan repository
 * fills and stores these shapes; the judge reads them.
 */

/** Which ticket a scan names: at most one of serial / code / pin, plus the QR's key id. */
export interface TargetKey {
  kid: number | null;
  serial: number | null;
  code: string | null;
  pin: string | null;
}

/** Per scan, what the batch opener returns about it: gate, key, the LOCKED ticket, and an earlier answer for the scan id. */
export interface TargetRow {
  gate_zone: string | null;
  key_event: string | null;
  key_status: string | null;
  ticket_id: string | null;
  serial: number | null;
  status: string | null;
  presence: string | null;
  entry_count: number | null;
  state: unknown;
  token_hash: Uint8Array | null;
  holder_name: string | null;
  type_no: number | null;
  type_name: string | null;
  zone_codes: string[] | null;
  allow_static: boolean | null;
  prior_event: string | null;
  prior_response: unknown;
  /** The ticket's own note for door staff, else its type's (karibu_scan_open_batch, 0029); absent: not read. */
  attention_note?: string | null;
}

export interface ScanRecord {
  id: string;
  eventId: string;
  ticketId: string | null;
  deviceId: string | null;
  staffId: string | null;
  gateId: string;
  direction: Direction;
  inputKind: 'qr' | 'code' | 'pin' | 'sms' | 'kiosk' | 'search';
  verdict: Verdict;
  reason: string;
  deviceTime: Date | null;
  effectiveTime: Date;
  response: unknown;
  /** The attention note the answer showed (null: none). */
  attentionNote: string | null;
  /** The ticket's state after the scan, when it changed (admitted / exited). */
  nextState: { state: unknown; presence: 'inside' | 'outside'; entryCount: number } | null;
}
