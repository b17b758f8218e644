// The Portuguese words of the event summary PDF (keys and placeholders of summary-messages.en.ts).
import type { SummaryCatalog } from './summary-messages.types.ts';

const pt: SummaryCatalog = {
  docTitle: 'Resumo de presenças — {event}',
  title: 'Resumo de presenças',
  titleDraft: 'Resumo de presenças (evento em rascunho)',
  titleCancelled: 'Resumo de presenças (evento cancelado)',
  titleArchived: 'Resumo de presenças (evento arquivado)',
  venue: 'Local',
  doorsOpen: 'Abertura das portas',
  starts: 'Início',
  ends: 'Fim',
  timeZone: 'Fuso horário',
  expected: 'Esperados',
  checkedIn: 'Entraram',
  noShows: 'Faltaram',
  insideNow: 'Dentro agora',
  ticketType: 'Tipo de bilhete',
  turnout: 'Presença',
  noTypes: 'Este evento não tem tipos de bilhete.',
  otherTypes: { one: '{count} outro tipo', many: '{count} outros tipos', other: '{count} outros tipos' },
  arrivals: {
    one: 'Chegadas: entradas por minuto (incluindo reentradas)',
    many: 'Chegadas: entradas a cada {count} minutos (incluindo reentradas)',
    other: 'Chegadas: entradas a cada {count} minutos (incluindo reentradas)',
  },
  noAdmissions: 'Ainda não entrou ninguém.',
  generated: 'Gerado pelo Karibu em {time}. Todas as horas são do local ({zone}).',
  definitions: 'Esperados: bilhetes válidos. Entraram: admitidos pelo menos uma vez (leituras anuladas excluídas). Faltaram: esperados menos os que entraram.',
};

export default pt;
