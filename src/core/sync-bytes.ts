// Byte plumbing for the sync formats (docs/sync-protocol.md): unsigned LEB128 varints, base64url
// and UTF-8. Core's ES lib has neither TextEncoder nor atob/btoa, and the manifest decoder runs in
// the scanner and in Node alike, so these are written out here once, total and allocation-light.

/** Appends bytes to a growing buffer (amortised doubling). */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
  }

  u32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.length++] = (v >>> 24) & 0xff;
    b[this.length++] = (v >>> 16) & 0xff;
    b[this.length++] = (v >>> 8) & 0xff;
    b[this.length++] = v & 0xff;
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`varint out of range: ${v}`);
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Thrown by ByteReader on truncated or malformed input; decoders turn it into their own error. */
export class ByteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ByteFormatError';
  }
}

export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  u8(): number {
    if (this.pos >= this.buf.length) throw new ByteFormatError('truncated');
    return this.buf[this.pos++]!;
  }

  u32(): number {
    if (this.pos + 4 > this.buf.length) throw new ByteFormatError('truncated');
    const b = this.buf;
    const v = ((b[this.pos]! << 24) | (b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!) >>> 0;
    this.pos += 4;
    return v;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.u8();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
    throw new ByteFormatError('varint too long');
  }

  /** A view (no copy) of the next n bytes. */
  bytes(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new ByteFormatError('truncated');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) B64_VALUE[B64URL.charCodeAt(i)] = i;
// Standard alphabet too, so a decoder is lenient about which variant a proxy re-encoded.
B64_VALUE['+'.charCodeAt(0)] = 62;
B64_VALUE['/'.charCodeAt(0)] = 63;

/** base64url without padding (RFC 4648 §5). */
export function bytesToBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]! + B64URL[(n >>> 6) & 63]! + B64URL[n & 63]!;
    // Joining chunks keeps string building linear for multi-megabyte manifests.
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ''; }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    chunk += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]! + B64URL[(n >>> 6) & 63]!;
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes base64url (or standard base64), padding optional. Null on any invalid character. */
export function base64UrlToBytes(text: string): Uint8Array | null {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c]! : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/** UTF-8 encoding of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
  const w = new ByteWriter(text.length * 2 + 4);
  for (let i = 0; i < text.length; i++) {
    let cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) w.u8(cp);
    else if (cp < 0x800) { w.u8(0xc0 | (cp >> 6)); w.u8(0x80 | (cp & 63)); }
    else if (cp < 0x10000) { w.u8(0xe0 | (cp >> 12)); w.u8(0x80 | ((cp >> 6) & 63)); w.u8(0x80 | (cp & 63)); }
    else { w.u8(0xf0 | (cp >> 18)); w.u8(0x80 | ((cp >> 12) & 63)); w.u8(0x80 | ((cp >> 6) & 63)); w.u8(0x80 | (cp & 63)); }
  }
  return w.finish();
}

/** UTF-8 decoding; invalid sequences become U+FFFD (never throws). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let cp = 0xfffd;
    let n = 1;
    const cont = (k: number) => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0 && cont(1)) { cp = ((b & 31) << 6) | (bytes[i + 1]! & 63); n = 2; }
    else if (b >= 0xe0 && b < 0xf0 && cont(1) && cont(2)) {
      const v = ((b & 15) << 12) | ((bytes[i + 1]! & 63) << 6) | (bytes[i + 2]! & 63);
      if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) { cp = v; n = 3; }
    } else if (b >= 0xf0 && b < 0xf5 && cont(1) && cont(2) && cont(3)) {
      const v = ((b & 7) << 18) | ((bytes[i + 1]! & 63) << 12) | ((bytes[i + 2]! & 63) << 6) | (bytes[i + 3]! & 63);
      if (v >= 0x10000 && v <= 0x10ffff) { cp = v; n = 4; }
    }
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

/** ASCII-only text to bytes (labels, UUIDs): cheaper than utf8Encode and obviously exact. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0x7f;
  return out;
}
