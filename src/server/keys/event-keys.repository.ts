import type { Trx } from '../db/database.ts';

export interface EventKeyRow {
  id: string;
  event_id: string;
  kid: number;
  public_key: Uint8Array;
  private_key_enc: Uint8Array;
  status: 'active' | 'retired' | 'revoked';
}

export function findActiveKey(trx: Trx, eventId: string): Promise<EventKeyRow | undefined> {
  return trx.selectFrom('event_keys')
    .select(['id', 'event_id', 'kid', 'public_key', 'private_key_enc', 'status'])
    .where('event_id', '=', eventId).where('status', '=', 'active')
    .executeTakeFirst() as Promise<EventKeyRow | undefined>;
}

export function findKeyByKid(trx: Trx, kid: number): Promise<EventKeyRow | undefined> {
  return trx.selectFrom('event_keys')
    .select(['id', 'event_id', 'kid', 'public_key', 'private_key_enc', 'status'])
    .where('kid', '=', kid)
    .executeTakeFirst() as Promise<EventKeyRow | undefined>;
}

export function listEventKeys(trx: Trx, eventId: string): Promise<EventKeyRow[]> {
  return trx.selectFrom('event_keys')
    .select(['id', 'event_id', 'kid', 'public_key', 'private_key_enc', 'status'])
    .where('event_id', '=', eventId).orderBy('created_at')
    .execute() as Promise<EventKeyRow[]>;
}

export async function insertKey(trx: Trx, row: EventKeyRow & { tenant_id: string }): Promise<void> {
  await trx.insertInto('event_keys').values(row).execute();
}

export async function setKeyStatus(trx: Trx, eventId: string, kid: number, status: 'retired' | 'revoked'): Promise<number> {
  const result = await trx.updateTable('event_keys')
    .set(status === 'retired' ? { status, retired_at: new Date() } : { status, revoked_at: new Date() })
    .where('event_id', '=', eventId).where('kid', '=', kid).where('status', '!=', 'revoked')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface EventKeyHistoryRow {
  kid: number;
  status: 'active' | 'retired' | 'revoked';
  created_at: Date;
  retired_at: Date | null;
  revoked_at: Date | null;
}

/** Every key of the event with its dates, oldest first (what managers see). */
export function listKeyHistory(trx: Trx, eventId: string): Promise<EventKeyHistoryRow[]> {
  return trx.selectFrom('event_keys').select(['kid', 'status', 'created_at', 'retired_at', 'revoked_at'])
    .where('event_id', '=', eventId).orderBy('created_at').orderBy('kid').execute() as Promise<EventKeyHistoryRow[]>;
}

/** Valid tickets whose current QR the key signed. */
export async function validTicketsSignedBy(trx: Trx, eventId: string, kid: number): Promise<number> {
  const row = await trx.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).where('kid', '=', kid).where('status', '=', 'valid').executeTakeFirstOrThrow();
  return Number(row.n);
}
