// How a ticket is presented to the scanner, shared by the API client and the offline verdict
// (kept free of DOM types: the offline code is also type-checked and benchmarked outside a page).

/** Exactly one of qr, code, pin — or the serial of a ticket picked from the name search. */
export type ScanInput = { qr: string } | { code: string } | { pin: string } | { serial: number };

/**
 * What an offline scan can be decided and uploaded with (sync protocol §3): qr, code or pin — or a
 * serial, only on a phone a manager allowed offline names (the one that can find it by name).
 */
export type OfflineInput = ScanInput;
