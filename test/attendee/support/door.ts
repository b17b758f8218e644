import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  decide, deriveRotationKey, parseTicketToken, verifyTicketToken, type Decision, type TicketState,
} from '../../../src/core/index.ts';
import type { AppContext } from '../../../src/server/app-context.ts';
import { withTenant } from '../../../src/server/db/database.ts';
import { loadScanContext } from '../../../src/server/events/event-policy.service.ts';

const run = promisify(execFile);

/**
 * What a door does with a decoded QR text, built from core alone: verify the token (held digest of
 * the issued token, keys and their revocation, rotating code ±1 step, static allowed per type), then
 * decide() on the ticket's stored state at the given gate. No shortcut through the code under test.
 */
export async function scanAtDoor(
  ctx: AppContext, tenantId: string, eventId: string, text: string,
  opts: { gateId: string; gateZone: string; at?: number },
): Promise<Pick<Decision, 'verdict' | 'reason'>> {
  const at = opts.at ?? Date.now();
  return withTenant(ctx.db, tenantId, async (trx) => {
    const scan = (await loadScanContext(trx, eventId))!;
    const keys = await ctx.keys.keyStatuses(trx, eventId);
    const secret = await ctx.keys.rotationSecret(trx, tenantId, eventId);
    const parsed = parseTicketToken(text);
    const row = parsed.ok
      ? await trx.selectFrom('tickets').select(['state', 'token_hash']).where('event_id', '=', eventId).where('serial', '=', parsed.payload.serial).executeTakeFirst()
      : undefined;
    const verified = verifyTicketToken(text, (kid) => {
      const k = keys.find((x) => x.kid === kid);
      return k ? { publicKey: k.publicKey, revoked: k.status === 'revoked' } : undefined;
    }, {
      heldDigest: () => (row?.token_hash ? new Uint8Array(row.token_hash) : undefined),
      rotation: {
        keyFor: (p) => deriveRotationKey(secret, p.serial),
        allowStatic: (p) => scan.typesByNo.get(p.typeNo)?.allowStatic ?? false,
      },
      at,
    });
    if (!verified.ok) return { verdict: 'refused', reason: verified.reason };
    if (!row?.state) return { verdict: 'refused', reason: 'unknown_ticket' };
    const decision = decide(row.state as TicketState, { eventId, gateId: opts.gateId, gateZone: opts.gateZone, direction: 'in' }, scan.policy, at);
    return { verdict: decision.verdict, reason: decision.reason };
  });
}


/** Every QR code zbarimg finds in an image file, as text. An image with none gives []. */
export async function decodeQrImage(path: string): Promise<string[]> {
  try {
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', path]);
    return stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  } catch (err) {
    if ((err as { code?: number }).code === 4) return []; // zbarimg: no symbol found
    throw err;
  }
}

/** Writes bytes to a temporary file and decodes the QR codes in it. */
export async function decodeQrBytes(bytes: Uint8Array, ext = 'png'): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'karibu-qr-'));
  try {
    const file = join(dir, `image.${ext}`);
    await writeFile(file, bytes);
    return await decodeQrImage(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Renders a PDF with pdftoppm at 150 dpi, as a printer or a phone photo would, and decodes each page. */
export async function decodeQrInPdf(pdf: Uint8Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'karibu-pdf-'));
  try {
    await writeFile(join(dir, 'ticket.pdf'), pdf);
    await run('pdftoppm', ['-png', '-r', '150', join(dir, 'ticket.pdf'), join(dir, 'page')]);
    const found: string[] = [];
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.png')).sort()) found.push(...await decodeQrImage(join(dir, f)));
    return found;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The visible text of a PDF (pdftotext), to check what a reader sees. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'karibu-pdft-'));
  try {
    await writeFile(join(dir, 't.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', join(dir, 't.pdf'), '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
