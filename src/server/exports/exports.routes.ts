import type { FastifyReply } from 'fastify';
import { CsvExportQuery, CsvFile, ExportParams, PdfExportQuery, PdfFile } from '../../contracts/exports.contract.ts';
import { LANGUAGES } from '../../core/languages.ts';
import type { AppContext, Feature } from '../app-context.ts';
import { negotiateLanguage } from '../http/accept-language.ts';
import { errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { callerOf, type Caller } from '../auth/caller.ts';
import { attendanceExport } from './attendance-export.service.ts';
import type { ExportFile } from './export-event.service.ts';
import { scanLogExport } from './scan-log-export.service.ts';
import { sessionExport } from './session-export.service.ts';
import { summaryPdfExport } from './summary-export.service.ts';

const errors = errorResponses(400, 401, 403, 404, 429, 503);
// Exports carry the guest list: the manager's ticket:export, never door staff or integrations.
const auth = { action: 'ticket:export', resource: 'event' } as const;

type CsvExport = (ctx: AppContext, caller: Caller, eventId: string, opts: { bom: boolean }) => Promise<ExportFile>;

/** A file download: never cached by a browser or proxy (it holds personal data), saved under its name. */
function sendFile(reply: FastifyReply, type: string, file: ExportFile<unknown>) {
  return reply.type(type)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** Event exports for managers: attendance, scan log and sessions as streamed CSV; a PDF summary. */
export const exportsFeature: Feature = {
  name: 'exports',
  async register(app, ctx) {
    installAuth(app, ctx);

    const csvRoute = (file: string, operationId: string, summary: string, build: CsvExport) => {
      app.get(`/api/v1/events/:eventId/exports/${file}`, {
        schema: {
          operationId, tags: ['exports'], summary,
          params: ExportParams, querystring: CsvExportQuery, response: { 200: CsvFile, ...errors },
        },
        config: { auth },
      }, async (request, reply) => {
        const exported = await build(ctx, callerOf(principalOf(request)), request.params.eventId, { bom: request.query.bom ?? true });
        return sendFile(reply, 'text/csv; charset=utf-8', exported);
      });
    };
    csvRoute('attendance.csv', 'exportAttendance', 'Attendance: one row per ticket with first entry, last exit, entry count (CSV, venue time)', attendanceExport);
    csvRoute('scans.csv', 'exportScanLog', 'Scan log: every scan, refused and offline ones too, with whether it moved the ticket (CSV, venue time)', scanLogExport);
    csvRoute('sessions.csv', 'exportSessionAttendance', 'Sessions with admissions into their room during their time (CSV, venue time)', sessionExport);

    app.get('/api/v1/events/:eventId/exports/summary.pdf', {
      schema: {
        operationId: 'exportSummaryPdf', tags: ['exports'], summary: 'One-page PDF: expected, checked in, no-shows per ticket type, arrivals per 10 minutes (in ?lang= or Accept-Language)',
        params: ExportParams, querystring: PdfExportQuery, response: { 200: PdfFile, ...errors },
      },
      config: { auth },
    }, async (request, reply) => {
      // An explicit ?lang= (a link made in the reader's chosen language) wins over Accept-Language.
      const lang = negotiateLanguage(LANGUAGES, request.headers['accept-language'], request.query.lang);
      const exported = await summaryPdfExport(ctx, callerOf(principalOf(request)), request.params.eventId, lang);
      return sendFile(reply.header('content-language', lang).header('vary', 'accept-language'), 'application/pdf', { ...exported, body: Buffer.from(exported.body) });
    });
  },
};
