import { createHmac } from 'node:crypto';
import { deriveKey } from '../secrets/sealed-box.ts';

/**
 * The 4-character door code an SMS check-in's reply carries. Staff type it into the scanner
 * (`GET …/sms-checkins/{doorCode}`) to see that check-in — name, time, gate — so a guest shows
 * the SMS and staff confirm it rather than trusting a screenshot of someone else's reply. Made from
 * the scan id under a key derived from the master key: nobody can work out the code of a check-in
 * they did not receive. The alphabet is the human code's (no 0/O, 1/I/L).
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function doorCodeOf(masterKey: Uint8Array, scanId: string): string {
  const mac = createHmac('sha256', deriveKey(masterKey, 'sms-door-code')).update(scanId).digest();
  let code = '';
  for (let i = 0; i < 4; i++) code += ALPHABET[mac[i]! % ALPHABET.length];
  return code;
}
