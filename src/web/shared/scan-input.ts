// How a ticket is presented to the scanner, shared by the API client and the offline verdict
// (kept free of DOM types: the offline code is also type-checked and benchmarked outside a page).

/** Exactly one of qr, code, pin — or, online only, the serial of a ticket from the name search. */
export type ScanInput = { qr: string } | { code: string } | { pin: string } | { serial: number };

/** What an offline scan can be decided and uploaded with (sync protocol: qr, code or pin). */
export type OfflineInput = { qr: string } | { code: string } | { pin: string };
