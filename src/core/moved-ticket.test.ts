import { describe, expect, it } from 'vitest';
import { movedTicket } from './moved-ticket.ts';

describe('movedTicket: which recorded scans moved their ticket', () => {
  it('online: an admission or exit moved it; a duplicate read (green) or a refusal did not', () => {
    expect(movedTicket({ reason: 'admitted' })).toBe(true);
    expect(movedTicket({ reason: 'exited' })).toBe(true);
    expect(movedTicket({ reason: 'duplicate_scan' })).toBe(false);
    expect(movedTicket({ reason: 'already_inside' })).toBe(false);
  });

  it('offline replay: the server’s reason counts, and never in a conflict', () => {
    expect(movedTicket({ offline: true, reason: 'admitted', serverReason: 'admitted' })).toBe(true);
    expect(movedTicket({ offline: true, reason: 'admitted', serverReason: 'duplicate_scan' })).toBe(false);
    expect(movedTicket({ offline: true, reason: 'admitted', serverReason: 'already_inside', conflict: true })).toBe(false);
    expect(movedTicket({ offline: true, reason: 'refused', serverReason: 'admitted', conflict: true })).toBe(false);
    expect(movedTicket({ offline: true, reason: 'admitted', serverReason: null })).toBe(false);
  });
});
