import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for tests: nodemailer talks SMTP to it exactly as to a production relay, and
 * every accepted message is kept raw. `rejectNext(n)` makes the next n recipients fail (a relay
 * saying no) to test that a failure is reported, not swallowed.
 */
export interface CapturedMail { from: string; to: string[]; raw: Buffer }

export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  rejectNext(n: number): void;
  /** Resolves with the next message accepted after the call. */
  next(): Promise<CapturedMail>;
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters: ((m: CapturedMail) => void)[] = [];
  let rejecting = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (rejecting > 0) {
        rejecting -= 1;
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail: CapturedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        messages.push(mail);
        waiters.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectNext: (n) => { rejecting = n; },
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
  /** Content-ID without angle brackets. */
  cid?: string;
  filename?: string;
}

/** A deliberately small MIME reader: enough for nodemailer's multipart output (base64, QP, 7bit). */
export function parseMime(raw: Buffer | string): { headers: Record<string, string>; parts: MimePart[] } {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const { headers, body } = splitHeaders(text);
  return { headers, parts: leaves(headers, body) };
}

function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const at = text.search(/\r?\n\r?\n/);
  const head = at < 0 ? text : text.slice(0, at);
  const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | undefined {
  const m = header?.match(new RegExp(`${name}="?([^";]+)"?`, 'i'));
  return m?.[1];
}

function leaves(headers: Record<string, string>, body: string): MimePart[] {
  const contentType = (headers['content-type'] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = param(headers['content-type'], 'boundary');
    if (!boundary) return [];
    const sections = body.split(`--${boundary}`).slice(1);
    const out: MimePart[] = [];
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const part = splitHeaders(section.replace(/^\r?\n/, ''));
      out.push(...leaves(part.headers, part.body));
    }
    return out;
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let decoded: Buffer;
  if (encoding === 'base64') decoded = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    decoded = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  } else decoded = Buffer.from(body.replace(/\r?\n$/, ''), 'latin1');
  const cid = headers['content-id']?.replace(/^<|>$/g, '');
  const filename = param(headers['content-disposition'], 'filename') ?? param(headers['content-type'], 'name');
  return [{ headers, contentType, body: decoded, ...(cid ? { cid } : {}), ...(filename ? { filename } : {}) }];
}
