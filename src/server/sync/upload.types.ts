import type { ReasonCode, Verdict } from '../../core/index.ts';
import type { Direction } from '../db/schema.ts';
import type { ScanInput } from '../judging/scan-input.ts';
import type { LockedTicket } from './upload.repository.ts';

/** The shapes an uploaded batch is judged in (upload-judge.service.ts, upload-session.service.ts). */

/** One scan as a phone uploads it: what it read, where, when, and what it showed. */
export interface UploadScan {
  scanId: string;
  input: ScanInput;
  gateId: string;
  direction: Direction;
  /** Device clock at the scan, epoch ms (uncorrected). */
  scannedAt: number;
  verdict: Verdict;
  reason: string;
  /** A scan at the door of this session's room (upload-session.service.ts). */
  sessionId?: string;
}

export interface Judged {
  scan: UploadScan;
  at: number;
  ticket: LockedTicket | null;
  serverVerdict: Verdict;
  serverReason: ReasonCode;
  conflict: boolean;
  /** The scan moved the ticket's state (an agreed admission or exit) — or its session standing. */
  moved: boolean;
  /** The session the scan is recorded for (an unknown one is recorded without). */
  session?: string | null;
}

