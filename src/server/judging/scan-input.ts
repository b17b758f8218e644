import { checkHumanCodeInput, isPinFormat, parseTicketToken, type MalformedToken, type ParsedToken } from '../../core/index.ts';
import { MAX_SERIAL } from '../../contracts/scanning.contract.ts';
import type { ScanRecord, TargetKey } from './judging.types.ts';

/**
 * What a door presents — a QR, a typed code or PIN, a texted PIN, a ticket picked by name — and
 * where it points: the ticket key the database looks it up by. Shared by the online judge
 * (check-in.service.ts), the batch that locks tickets before judging and offline uploads.
 */
export type ScanInput =
  | { kind: 'qr'; qr: string }
  | { kind: 'code'; code: string }
  | { kind: 'pin'; pin: string }
  /** A PIN the attendee texted (or entered in a USSD menu) from their own phone: judged as a PIN, recorded as 'sms'. */
  | { kind: 'sms'; pin: string }
  /** A ticket picked from the staff name search (by its serial). */
  | { kind: 'serial'; serial: number };

export const INPUT_KIND: Record<ScanInput['kind'], ScanRecord['inputKind']> = { qr: 'qr', code: 'code', pin: 'pin', sms: 'sms', serial: 'search' };


// One scan's QR is read by the route, the lock and the judge: parsed once, for the same text only.
const parsedQrs = new WeakMap<ScanInput, { text: string; parsed: ParsedToken | MalformedToken }>();

export function parsedQr(input: Extract<ScanInput, { kind: 'qr' }>): ParsedToken | MalformedToken {
  const hit = parsedQrs.get(input);
  if (hit && hit.text === input.qr) return hit.parsed;
  const parsed = parseTicketToken(input.qr.trim());
  parsedQrs.set(input, { text: input.qr, parsed });
  return parsed;
}

/** Whether judging this input needs the event's rotation secret (a QR with a rotating part). */
export function needsRotationSecret(input: ScanInput): boolean {
  if (input.kind !== 'qr') return false;
  const parsed = parsedQr(input);
  return parsed.ok && parsed.rotatingCode !== null;
}

// Shared by every input that names no ticket (targetKeyOf), so it must not be changed.
const NO_TARGET: Readonly<TargetKey> = Object.freeze({ kid: null, serial: null, code: null, pin: null });

/**
 * Where a scan input points; 'malformed' when it cannot name a ticket at all, 'unknown' when it is
 * well formed but names a ticket that cannot exist (a serial beyond MAX_SERIAL): refused as
 * unknown_ticket — and counted by the guessing lockout — without reaching the database.
 */
export function targetOf(input: ScanInput): TargetKey | 'malformed' | 'unknown' {
  switch (input.kind) {
    case 'qr': {
      const parsed = parsedQr(input);
      if (!parsed.ok) return 'malformed';
      // A serial no ticket can have still names its key: the key's owner and revocation come
      // first (core token-checks order), then it is unknown_ticket (no ticket has serial null).
      return { ...NO_TARGET, kid: parsed.payload.kid, serial: parsed.payload.serial > MAX_SERIAL ? null : parsed.payload.serial };
    }
    case 'code': {
      const check = checkHumanCodeInput(input.code);
      return check.status === 'valid' ? { ...NO_TARGET, code: check.code } : 'malformed';
    }
    case 'pin':
    case 'sms': return isPinFormat(input.pin.trim()) ? { ...NO_TARGET, pin: input.pin.trim() } : 'malformed';
    case 'serial':
      if (!Number.isInteger(input.serial) || input.serial < 1) return 'malformed';
      return input.serial > MAX_SERIAL ? 'unknown' : { ...NO_TARGET, serial: input.serial };
  }
}

/** The key the database looks the ticket up by: all nulls when the input names no ticket. */
export function targetKeyOf(input: ScanInput): TargetKey {
  const target = targetOf(input);
  return typeof target === 'string' ? NO_TARGET : target;
}
