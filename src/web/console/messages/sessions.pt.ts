// Palavras portuguesas da página de sessões (espalhadas em pt.ts), typed against the English keys.
import type { Message } from '../../shared/i18n.ts';
import type { SessionsMessageKey } from './sessions.en.ts';

const sessions: Record<SessionsMessageKey, Message> = {
  'sessions.nav': 'Sessões e créditos',
  'sessions.title': 'Sessões de {name}',
  'sessions.intro': 'Indique os créditos de formação contínua de cada sessão e quanto tempo o participante tem de estar na sala para os obter. A presença vem das leituras à porta de cada sala.',
  'sessions.none': 'Este evento ainda não tem sessões.',
  'sessions.csv': 'Descarregar créditos (CSV)',
  'sessions.csvHint': 'Uma linha por participante e por sessão que dá créditos, com os minutos e os créditos obtidos. Horas do local.',
  'sessions.when': '{start} – {end}',
  'sessions.length': { one: '{count} minuto', other: '{count} minutos' },
  'sessions.credits': 'Créditos de formação contínua',
  'sessions.creditsHint': 'Deixe vazio se esta sessão não dá créditos. Até duas casas decimais, por ex. 1,5.',
  'sessions.minShare': 'Presença necessária (%)',
  'sessions.minShareHint': 'Parte da duração da sessão em que o participante tem de estar na sala para obter os créditos. Vazio: a sessão inteira.',
  'sessions.admits': 'Tipos de bilhete admitidos',
  'sessions.admitsRoom': 'Todos os tipos que dão acesso a esta sala',
  'sessions.save': 'Guardar',
  'sessions.saved': 'Guardado.',
  'sessions.badCredits': 'Os créditos têm de ser mais de 0 e no máximo 999, com até duas casas decimais.',
  'sessions.badShare': 'A presença necessária tem de ser um número inteiro de 1 a 100.',
  'sessions.showAttendance': 'Ver presenças',
  'sessions.hideAttendance': 'Esconder presenças',
  'sessions.noAttendance': 'Ainda ninguém foi lido à entrada desta sessão.',
  'sessions.needed': 'Os créditos exigem {minutes} minutos na sala.',
  'sessions.col.serial': 'N.º',
  'sessions.col.name': 'Nome',
  'sessions.col.type': 'Tipo de bilhete',
  'sessions.col.minutes': 'Minutos',
  'sessions.col.firstEntry': 'Primeira entrada',
  'sessions.col.lastExit': 'Última saída',
  'sessions.col.credits': 'Créditos',
  'sessions.attendees': { one: '{count} participante', other: '{count} participantes' },
  'sessions.ticket.title': 'Sessões e créditos de formação',
  'sessions.ticket.total': 'Créditos obtidos: {credits}',
  'sessions.ticket.earned': 'Obtidos',
  'sessions.ticket.notEarned': 'Não obtidos',
  'sessions.ticket.minutes': '{minutes} min de {needed} necessários',
};

export default sessions;
