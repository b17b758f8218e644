import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import { startServer } from '../server/main.ts';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { seedDemo, type DemoInfo } from '../server/demo/demo.service.ts';

export interface DemoOptions { tickets: number; out: string | undefined; serve: boolean }

/** Seeds (or refreshes) the demo, optionally writes the JSON file for scripts, then serves. */
export async function runDemo(env: Record<string, string | undefined>, options: DemoOptions): Promise<number> {
  let info: DemoInfo | undefined;
  const seed = async (app: Awaited<ReturnType<typeof buildApp>>) => {
    const started = performance.now();
    info = await seedDemo(app.ctx, { tickets: options.tickets });
    app.log.info({ ms: Math.round(performance.now() - started), tickets: info.tickets.length }, 'demo data ready');
    if (options.out) await writeFile(options.out, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  };
  if (!options.serve) {
    const app = await buildApp(loadConfig(env));
    try { await seed(app); } finally { await app.close(); }
    await printBanner(info!, options, false);
    return 0;
  }
  await startServer(env, { beforeListen: seed });
  await printBanner(info!, options, true);
  return -1;
}

async function printBanner(info: DemoInfo, options: DemoOptions, serving: boolean): Promise<void> {
  // A phone's camera pairs from the terminal: the QR holds the /scan#pair=… link.
  const pairingQr = await QRCode.toString(info.pairUrl, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
  const rotating = info.tickets.find((t) => t.type === 'Phone Pass');
  // The organizer console and its login come first: that is where someone trying Karibu starts.
  const lines = [
    '',
    '  Karibu demo is ready' + (serving ? '' : ' (not serving: --no-serve)'),
    '',
    `  Console:      ${info.baseUrl}/console`,
    `  Organizer:    ${info.organizer.email}  /  ${info.organizer.password}`,
    '',
    `  Door scanner: ${info.baseUrl}/scan   (pair with setup code ${info.setupCode}, valid 15 min, or scan the QR below)`,
    `  Door staff:   ${info.staff.email}  /  ${info.staff.password}`,
    '',
    `  URL:          ${info.baseUrl}`,
    `  API docs:     ${info.baseUrl}/docs   (sign in as the organizer with POST /api/v1/auth/login)`,
    `  A ticket:     ${info.tickets[0]?.link ?? '—'}   (code ${info.tickets[0]?.code ?? '—'}, PIN ${info.tickets[0]?.pin ?? '—'})`,
    ...(rotating ? [`  Rotating QR:  ${rotating.link}   (a phone pass: its QR changes every few seconds)`] : []),
    '',
    `  Event "${info.eventName}" is on now with ${info.tickets.length} tickets.`,
    ...(options.out ? [`  Details for scripts: ${options.out}`] : []),
    '  Passwords are new on every demo run.',
    '',
  ];
  console.log(lines.join('\n'));
  if (serving && process.stdout.isTTY) console.log(pairingQr);
}
