import { signTicketToken, type TokenPayload } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';

export interface RenderableTicket {
  serial: number;
  kid: number | null;
  type_no: number;
  valid_from: Date | null;
  valid_until: Date | null;
}

/** Unix seconds of a ticket type's validity bound; 0 = open (the token's convention). */
const unixOrOpen = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : 0);

/**
 * The signed payload of a ticket's token. Issuance and re-rendering both build it here: the QR
 * text is byte-identical across the two only because they agree.
 */
export function ticketTokenPayload(kid: number, serial: number, type: { type_no: number; valid_from: Date | null; valid_until: Date | null }): TokenPayload {
  return { kid, serial, typeNo: type.type_no, validFrom: unixOrOpen(type.valid_from), validUntil: unixOrOpen(type.valid_until) };
}

/**
 * The static QR text of an issued ticket, rendered again from its row: same key, same payload,
 * and Ed25519 signing is deterministic, so it is byte-identical to what issuance returned.
 */
export async function renderTicketQr(ctx: Pick<AppContext, 'keys'>, trx: Trx, t: RenderableTicket): Promise<string> {
  if (t.kid === null) throw new Error(`ticket ${t.serial} has no signing key`);
  const key = await ctx.keys.signingKeyByKid(trx, Number(t.kid));
  if (!key) throw new Error(`signing key ${t.kid} is missing`);
  return signTicketToken(ticketTokenPayload(key.kid, t.serial, t), key.seed, key.sign);
}

/** The attendee's own page for a ticket: the link printed in emails, SMS and on the PDF. */
export function attendeeLink(publicUrl: string, linkSecret: string): string {
  return `${publicUrl}/t/${linkSecret}`;
}
