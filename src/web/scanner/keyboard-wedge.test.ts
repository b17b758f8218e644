// Bursts of keys from a handheld barcode scanner are scans; a person typing is not.
import { describe, expect, it } from 'vitest';
import { makeHumanCode } from '../../core/index.ts';
import { WedgeBuffer } from './keyboard-wedge.ts';

const TOKEN = 'K1:V50000V50000V50V500000000004402JAIWQPFUKXN:44EEN 6F8ZJLIK$EG5%A2$GMORI%4D6QFPLN6EXLSOY0TSD:6NUU4P58M$K3TDWCRAJJTI5DVLR*45ZJ80';

function type(buffer: WedgeBuffer, text: string, gapMs: number, start = 1000) {
  let at = start;
  for (const ch of text) { expect(buffer.key(ch, at)).toBeUndefined(); at += gapMs; }
  return buffer.key('Enter', at);
}

describe('keyboard-wedge barcode scanners', () => {
  it('takes a token typed at scanner speed (spaces included) as a QR read', () => {
    expect(type(new WedgeBuffer(), TOKEN, 5)).toEqual({ qr: TOKEN });
  });

  it('takes a whole token even when a busy phone delivered its keys slowly', () => {
    expect(type(new WedgeBuffer(), TOKEN, 90)).toEqual({ qr: TOKEN });
  });

  it('keeps a burst whose keys a busy phone delivered unevenly', () => {
    const buffer = new WedgeBuffer();
    let at = 0;
    [...TOKEN].forEach((ch, i) => { buffer.key(ch, at); at += i % 20 === 19 ? 150 : 5; });
    expect(buffer.key('Enter', at)).toEqual({ qr: TOKEN });
  });

  it('takes a ticket code or a PIN from a burst too', () => {
    const code = makeHumanCode(new Uint8Array(64).fill(41));
    expect(type(new WedgeBuffer(), code, 8)).toEqual({ code });
    expect(type(new WedgeBuffer(), '482916', 8)).toEqual({ pin: '482916' });
  });

  it('ignores a person typing, short bursts, and text that names no ticket', () => {
    expect(type(new WedgeBuffer(), '482916', 150)).toBeNull();
    expect(type(new WedgeBuffer(), '482916', 60)).toBeNull();
    expect(type(new WedgeBuffer(), '4829', 5)).toBeNull();
    expect(type(new WedgeBuffer(), 'HELLO WORLD', 5)).toBeNull();
  });

  it('starts a new burst after a pause, so stray keys before a scan do not spoil it', () => {
    const buffer = new WedgeBuffer();
    buffer.key('x', 0);
    expect(type(buffer, TOKEN, 5, 5000)).toEqual({ qr: TOKEN });
  });
});
