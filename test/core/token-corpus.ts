// One corpus of forged, foreign, revoked and stale QR codes, each with the reason every door
// verifier must give it: the server online, the server replaying an offline upload, and the phone
// (core checkTicketToken's one order, docs/ticket-format.md §5). The cases are built over a
// "world" — an event with an issued ticket, a revoked key, another event's ticket — so the same
// list runs on synthetic keys (core-parity.ts, Node and Chromium) and on a real server's event
// (test/sync/token-corpus.test.ts). Imports only core.
import { nobleSign } from '../../src/core/ed25519.ts';
import type { ReasonCode } from '../../src/core/reasons.ts';
import { appendRotatingCode, deriveRotationKey } from '../../src/core/rotation.ts';
import { parseTicketToken, signTicketToken } from '../../src/core/token.ts';

export interface CorpusWorld {
  /** A ticket issued for the event, QR as issued (static), by an active key; its type disallows static codes only if `staticAllowed` is false. */
  issued: string;
  /** A ticket of the event whose key was then revoked. */
  revoked: string;
  /** A ticket of another event (another organizer's, or another of this organizer's). */
  foreign: string;
  /** The event's rotation secret, and the moment the scans happen. */
  rotationSecret: Uint8Array;
  at: number;
}

export interface CorpusCase {
  name: string;
  qr: string;
  reason: ReasonCode;
}

/** An Ed25519 seed nobody issued tickets with (a forger's key). */
const FORGER_SEED = new Uint8Array(32).fill(0x5a);

export function tokenCorpus(w: CorpusWorld): CorpusCase[] {
  const own = parsed(w.issued);
  const foreign = parsed(w.foreign);
  const forge = (p: Partial<typeof own.payload>) => signTicketToken({ ...own.payload, ...p }, FORGER_SEED, nobleSign);
  const rotationKey = deriveRotationKey(w.rotationSecret, own.payload.serial);
  return [
    { name: 'not a ticket at all', qr: 'https://example.com/ticket?id=1', reason: 'malformed' },
    { name: 'a ticket of another event', qr: w.foreign, reason: 'wrong_event' },
    { name: 'forged with another event’s key id', qr: signTicketToken({ ...foreign.payload, serial: own.payload.serial }, FORGER_SEED, nobleSign), reason: 'wrong_event' },
    { name: 'forged with a key id nobody has', qr: forge({ kid: 3_999_999_999 }), reason: 'wrong_event' },
    { name: 'a ticket of this event signed by a revoked key', qr: w.revoked, reason: 'revoked_key' },
    { name: 'forged with this event’s key id, a serial never issued', qr: forge({ serial: 2_000_000_000 }), reason: 'unknown_ticket' },
    { name: 'forged with this event’s key id, a serial beyond int4', qr: forge({ serial: 3_000_000_000 }), reason: 'unknown_ticket' },
    { name: 'an issued ticket re-signed by a forger', qr: forge({}), reason: 'bad_signature' },
    { name: 'an issued ticket with one character changed', qr: tamper(w.issued), reason: 'bad_signature' },
    { name: 'a screenshot: rotating code five minutes old', qr: appendRotatingCode(w.issued, rotationKey, w.at - 5 * 60_000), reason: 'code_expired' },
    { name: 'a rotating code that was never right', qr: appendRotatingCode(w.issued, new Uint8Array(32).fill(7), w.at), reason: 'code_expired' },
  ];
}

function parsed(qr: string) {
  const p = parseTicketToken(qr);
  if (!p.ok) throw new Error('corpus world: a QR that does not parse');
  return p;
}

/** Changes one base45 character of the signature part, keeping the text well formed. */
function tamper(qr: string): string {
  for (let i = qr.length - 6; i > 40; i--) {
    const c = qr[i] === 'A' ? 'B' : 'A';
    const text = qr.slice(0, i) + c + qr.slice(i + 1);
    if (parseTicketToken(text).ok) return text;
  }
  throw new Error('corpus world: no well-formed tampering found');
}
