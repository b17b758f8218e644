// Ticket token test vectors, also printed in docs/ticket-format.md. Keys are RFC 8032 §7.1
// TEST 1 and TEST 2, so the public keys can be checked against the RFC too. Signatures are
// Ed25519 (deterministic), so these values never change unless the format does.
import type { TokenPayload } from '../../src/core/token-payload.ts';

export interface TokenVector {
  name: string;
  seedHex: string;
  publicKeyHex: string;
  payload: TokenPayload;
  payloadHex: string;
  signatureHex: string;
  qrText: string;
  /** First 16 bytes of SHA-256(payload ‖ signature). */
  digestHex: string;
}

export const TOKEN_VECTORS: TokenVector[] = [
  {
    name: 'minimal',
    seedHex: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKeyHex: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    payload: { kid: 1, serial: 1, typeNo: 1, validFrom: 0, validUntil: 0 },
    payloadHex: '01000000010000000100010000000000000000',
    signatureHex:
      'b85273d35cf00abbd02084b87377d99c7aa173812b55cd8513d9e12664cec5aa916fe3e14e06126bdeb72925084042a4cb6bf1d7cf99ac2ad4ab9d269a9c7708',
    qrText:
      'K1:V50000V50000V50V500000000004402JAIWQPFUKXN:44EEN 6F8ZJLIK$EG5%A2$GMORI%4D6QFPLN6EXLSOY0TSD:6NUU4P58M$K3TDWCRAJJTI5DVLR*45ZJ80',
    digestHex: '9deda5bc8631040bab72e1002e90094e',
  },
  {
    name: 'typical',
    seedHex: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKeyHex: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    payload: { kid: 7, serial: 123456, typeNo: 2, validFrom: 1767225600, validUntil: 1767484800 },
    payloadHex: '01000000070001e24000026955b9006959ad80',
    signatureHex:
      'a46bcff76a1d383a53fbadde7767058355abbb82f4264ef8eab7dca6d40a5768c139d0f526f4acb6f255c3454c6a53f0f98ed48a1d2c2521c01beb2886ae1903',
    qrText:
      'K1:V50000$*0WA0448WD0U$AF207FB$BGESDNCVAV3 G7Y VQ5S31D6RG/VL:OG-$42LV/AN34L$D1.AD+D7S:U--UY5N+$AAY8*JD*KUO2IWKH6Q50C4$N3O55J0M30',
    digestHex: 'bb0e677daccf3dec19751d215bd1a131',
  },
  {
    name: 'maximum',
    seedHex: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKeyHex: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    payload: { kid: 4294967295, serial: 4294967295, typeNo: 65535, validFrom: 4294967295, validUntil: 4294967295 },
    payloadHex: '01ffffffffffffffffffffffffffffffffffff',
    signatureHex:
      '349faf7bc314784d53e1df488b7122e1ec0762a4595b04db4aae9ccc3a903ca0860dea824206171612e2c13a7d32c53fd7b753a2a827fee2692acc227e935007',
    qrText:
      'K1:GB0FGWFGWFGWFGWFGWFGWFGWFGW$BWJ8K3TFKQ2+Y9/OSV79RDEBPS0.0/YKZMBNWRF3M$ POAI9DK7Y11LGTY0PZ2:TSXH7$I6838-7NFPKN251SSLI5AG42SI70',
    digestHex: 'f3c8bd85521cff58c315a3d562ad5f9d',
  },
];

/** Rotation vector: event secret 00 01 … 1f, the 'typical' ticket, 2026-01-01T00:00:15Z. */
export const ROTATION_VECTOR = {
  eventSecretHex: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  serial: 123456,
  perTicketKeyHex: 'c8891fc4d891ade3378cafc0737a867f69e3f653f33805195eab8a9dd68acbb3',
  atMs: 1767225615000,
  step: 58907520,
  code: 'V5JP1WGSUJFH',
  qrText:
    'K1:V50000$*0WA0448WD0U$AF207FB$BGESDNCVAV3 G7Y VQ5S31D6RG/VL:OG-$42LV/AN34L$D1.AD+D7S:U--UY5N+$AAY8*JD*KUO2IWKH6Q50C4$N3O55J0M30*V5JP1WGSUJFH',
};

/** Human code and PIN vectors: random bytes in, code out. */
export const CODE_VECTORS = {
  humanCode: [
    { randomHex: '000102030405060708090a0b0c0d0e0f', code: '2345-678K' },
    { randomHex: 'fffe1e3c5a7896b4d2f0f7', code: 'ZYXW-VUT4' },
  ],
  pin: [
    { randomHex: '00000000', pin: '000000' },
    { randomHex: 'ffffffff12345678', pin: '419896' },
  ],
};

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
