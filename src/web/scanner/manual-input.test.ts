// Staff typing a code at a dark gate get told, as they type, exactly what is wrong.
import { describe, expect, it } from 'vitest';
import { makeHumanCode } from '../../core/index.ts';
import { manualFeedback } from './manual-input.ts';

const code = makeHumanCode(new Uint8Array(64).fill(41)); // e.g. "XXXX-XXXX" with a valid check character

describe('manual code / PIN entry', () => {
  it('counts down the characters of a code, accepting any case and separators', () => {
    expect(manualFeedback(code.slice(0, 3).toLowerCase())).toMatchObject({ message: 'manual.codeLeft', params: { count: 5 }, submit: null });
    expect(manualFeedback(` ${code.toLowerCase().replace('-', ' ')} `)).toMatchObject({ tone: 'ok', submit: { code } });
  });

  it('names a character that codes never contain', () => {
    expect(manualFeedback('K7QO')).toMatchObject({ tone: 'error', message: 'manual.invalidChar', params: { char: 'O' } });
  });

  it('catches a single mistyped character by the check character', () => {
    const last = code[code.length - 1]!;
    const typo = code.slice(0, -1) + (last === '2' ? '3' : '2');
    expect(manualFeedback(typo)).toMatchObject({ tone: 'error', message: 'manual.badCheck', submit: null });
    expect(manualFeedback(code + 'X')).toMatchObject({ message: 'manual.tooLong' });
  });

  it('reads six digits as a PIN, zeros included', () => {
    expect(manualFeedback('0482')).toMatchObject({ message: 'manual.pinLeft', params: { count: 2 } });
    expect(manualFeedback('048 291')).toMatchObject({ tone: 'ok', submit: { pin: '048291' } });
    expect(manualFeedback('0482913')).toMatchObject({ tone: 'error', message: 'manual.tooLong' });
    expect(manualFeedback('')).toMatchObject({ message: null, submit: null });
  });

  it('takes a whole pasted ticket token as a QR read', () => {
    const token = 'K1:V50000V50000V50V500000000004402JAIWQPFUKXN:44EEN 6F8ZJLIK$EG5%A2$GMORI%4D6QFPLN6EXLSOY0TSD:6NUU4P58M$K3TDWCRAJJTI5DVLR*45ZJ80';
    expect(manualFeedback(` ${token}\n`)).toMatchObject({ tone: 'ok', message: 'manual.validQr', submit: { qr: token } });
  });
});
