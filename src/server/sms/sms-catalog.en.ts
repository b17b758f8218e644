/**
 * English SMS and USSD replies: the reference catalog. Its keys are SmsTextKey, so every other
 * language has exactly these keys and the same {placeholders} (sms-catalog.test.ts checks them).
 * GSM-7 throughout (no curly quotes, no dashes but '-').
 */
export const en = {
  admitted: 'Welcome {name}! You are checked in to {event}. Go to {gate} and show this SMS. Door code: {code}',
  duplicate: '{name}, you are already checked in to {event}. Go to {gate} and show this SMS. Door code: {code}',
  alreadyInside: '{name}, this ticket is already checked in to {event}. If this was not you, speak to staff at {gate}.',
  notStarted: 'Doors for {event} open at {time}. Text your PIN again then, or show it to staff at {gate}.',
  ended: 'Check-in for {event} has closed. If you need help, contact the organizer.',
  eventCancelled: '{event} has been cancelled, so there is no check-in. Please contact the organizer.',
  ticketInvalid: 'This ticket for {event} is no longer valid. Please speak to staff at the entrance or contact the organizer.',
  usedUp: 'This ticket has no entries left for {event}. Please speak to staff at {gate}.',
  cooldown: 'You checked in or out a moment ago. Wait a few minutes and text your PIN again, or show it to staff at {gate}.',
  notValidNow: 'This ticket is not valid for {event} at this time. Please speak to staff at {gate}.',
  wrongZone: 'This ticket does not enter through {gate}. Please show your PIN to door staff; they will direct you.',
  refused: 'We could not check you in to {event} by SMS. Please show your PIN to staff at {gate}.',
  notFound: 'We found no ticket with this PIN for this phone. Check the 6 digits and text CHECKIN and your PIN from the phone on your ticket, or show your PIN to door staff.',
  unreadable: 'To check in, text CHECKIN and the 6-digit PIN on your ticket, for example: CHECKIN 482916',
  ambiguous: 'This PIN is valid for more than one event. Text CHECKIN {pin} and the event code: {codes}',
  rateLimited: 'Too many attempts from this phone. Wait {minutes} minutes and try again, or show your PIN to door staff.',
  paused: 'SMS check-in is paused for a while. Please show your PIN to door staff at the entrance.',
  test: 'Karibu test message: your SMS channel {number} works.',
  pin: 'Your check-in PIN for {event} is {pin}. At the gate, text CHECKIN {pin} to {number}.',
  pinWithUssd: 'Your check-in PIN for {event} is {pin}. At the gate, text CHECKIN {pin} to {number} or dial {ussd}.',
  ussdMenu: 'Karibu check-in\n1 Check in (enter PIN)\n2 My tickets (code by SMS)\n3 Language',
  ussdAskPin: 'Enter the 6-digit PIN on your ticket:',
  ussdAskEvent: 'This PIN is valid for more than one event. Choose:',
  // Short: the language menu lists names in Ge'ez and Arabic script, so the screen is UCS-2 (80 characters).
  ussdLanguage: 'Language:',
  ussdLanguageSet: 'Language set to English. Dial again to check in.',
  ussdTicketsSent: 'We sent your tickets by SMS to this phone.',
  ussdNoTickets: 'We found no ticket for this phone. Ask the organizer to add your number to your ticket.',
  ussdBad: 'Sorry, we did not understand. Please dial again.',
  ticketLine: '{event}: PIN {pin}, ticket {code}',
  resend: 'Your ticket for {event}: {link} Ticket code {code}, PIN {pin}.',
} as const;

export type SmsTextKey = keyof typeof en;
