import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import type { Config } from '../config.ts';

/**
 * The SMTP transport, one pooled connection set per server (keyed by its frozen config, so test
 * apps in one process never share one). Undefined when SMTP_URL is not set: callers must say that
 * email is off, never pretend a message went out.
 */
const transports = new WeakMap<Config, Transporter>();

export function mailTransport(config: Config): Transporter | undefined {
  if (!config.smtpUrl) return undefined;
  let transport = transports.get(config);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: config.smtpUrl,
      // A few reused connections: registration bursts must not open one connection per ticket.
      pool: true,
      maxConnections: 3,
      // A request that sends (resend) must fail in seconds, not hang on a dead mail server.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as TransportOptions);
    transports.set(config, transport);
  }
  return transport;
}

export function closeMailTransport(config: Config): void {
  transports.get(config)?.close();
  transports.delete(config);
}
