import { signTicketToken } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';

export interface RenderableTicket {
  serial: number;
  kid: number | null;
  type_no: number;
  valid_from: Date | null;
  valid_until: Date | null;
}

/**
 * The static QR text of an issued ticket, rendered again from its row: same key, same payload,
 * and Ed25519 signing is deterministic, so it is byte-identical to what issuance returned.
 */
export async function renderTicketQr(ctx: Pick<AppContext, 'keys'>, trx: Trx, t: RenderableTicket): Promise<string> {
  if (t.kid === null) throw new Error(`ticket ${t.serial} has no signing key`);
  const key = await ctx.keys.signingKeyByKid(trx, Number(t.kid));
  if (!key) throw new Error(`signing key ${t.kid} is missing`);
  return signTicketToken({
    kid: key.kid, serial: t.serial, typeNo: t.type_no,
    validFrom: t.valid_from ? Math.floor(t.valid_from.getTime() / 1000) : 0,
    validUntil: t.valid_until ? Math.floor(t.valid_until.getTime() / 1000) : 0,
  }, key.seed, key.sign);
}
