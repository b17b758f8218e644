import type { SmsTextKey } from './sms-catalog.en.ts';

/**
 * Portuguese SMS and USSD replies, natural in Angola and Mozambique (European-leaning: bilhete,
 * equipa, contacte, registada). Chosen: GSM-7 throughout, in correct spelling. GSM-7 has é and à
 * but not ã õ ç á í ó ú â ê ô, so the words are picked around them — não, já, está, código,
 * dígitos, telemóvel would each turn the whole message to UCS-2 (70 characters a segment instead
 * of 160, roughly doubling what the organizer pays): "telefone", "algarismos", "senha da porta",
 * "sigla do evento", "perdeu a validade". Writing the accents off (nao, codigo) was rejected: it
 * reads as misspelt. A message that cannot be phrased well without them may go UCS-2; then
 * sms-catalog.test.ts must list it.
 */
export const pt: Record<SmsTextKey, string> = {
  admitted: 'Bem-vindo(a), {name}! A sua entrada em {event} foi registada. Dirija-se a {gate} e mostre este SMS. Senha da porta: {code}',
  duplicate: '{name}, a sua entrada em {event} continua registada. Dirija-se a {gate} e mostre este SMS. Senha da porta: {code}',
  alreadyInside: '{name}, este bilhete foi usado para entrar em {event}. Se foi outra pessoa, fale com a equipa de {gate}.',
  notStarted: 'As portas de {event} abrem às {time}. Envie o PIN de novo nessa altura, ou mostre-o à equipa de {gate}.',
  ended: 'A entrada para {event} foi encerrada. Se precisar de ajuda, contacte o organizador.',
  eventCancelled: 'O evento {event} foi cancelado. Por favor, contacte o organizador.',
  ticketInvalid: 'Este bilhete para {event} perdeu a validade. Fale com a equipa da entrada ou contacte o organizador.',
  usedUp: 'Este bilhete esgotou as entradas para {event}. Fale com a equipa de {gate}.',
  cooldown: 'Acabou de entrar ou sair. Aguarde alguns minutos e envie o PIN de novo, ou mostre-o à equipa de {gate}.',
  notValidNow: 'Este bilhete para {event} é para outro dia ou hora. Fale com a equipa de {gate}.',
  wrongZone: 'Com este bilhete, {gate} é a porta errada. Mostre o PIN à equipa da entrada, que lhe indica o caminho.',
  refused: 'A sua entrada em {event} por SMS falhou. Mostre o PIN à equipa de {gate}.',
  notFound: 'Nenhum bilhete com este PIN para este telefone. Confirme os 6 algarismos e envie ENTRAR e o PIN pelo telefone do bilhete, ou mostre o PIN à equipa da entrada.',
  unreadable: 'Para entrar, envie ENTRAR e o PIN de 6 algarismos do seu bilhete, por exemplo: ENTRAR 482916',
  ambiguous: 'Este PIN vale para mais de um evento. Envie ENTRAR {pin} e a sigla do evento: {codes}',
  rateLimited: 'Demasiadas tentativas deste telefone. Aguarde {minutes} minutos e tente de novo, ou mostre o PIN à equipa da entrada.',
  paused: 'A entrada por SMS foi suspensa por agora. Mostre o PIN à equipa da entrada.',
  test: 'Mensagem de teste Karibu: o seu canal SMS {number} funciona.',
  pin: 'O seu PIN de entrada para {event} é {pin}. Na entrada, envie ENTRAR {pin} para o {number}.',
  pinWithUssd: 'O seu PIN de entrada para {event} é {pin}. Na entrada, envie ENTRAR {pin} para o {number} ou marque {ussd}.',
  ussdMenu: 'Entrada Karibu\n1 Entrar (PIN)\n2 Os meus bilhetes (SMS)\n3 Idioma',
  ussdAskPin: 'Introduza o PIN de 6 algarismos do seu bilhete:',
  ussdAskEvent: 'Este PIN vale para mais de um evento. Escolha:',
  ussdLanguage: 'Idioma:',
  ussdLanguageSet: 'Idioma escolhido. Marque de novo para entrar.',
  ussdTicketsSent: 'Os seus bilhetes foram enviados por SMS para este telefone.',
  ussdNoTickets: 'Nenhum bilhete para este telefone. Solicite ao organizador que associe este telefone ao seu bilhete.',
  ussdBad: 'Desculpe, resposta errada. Marque de novo.',
  ticketLine: '{event}: PIN {pin}, bilhete {code}',
  resend: 'O seu bilhete para {event}: {link} Bilhete {code}, PIN {pin}.',
};
