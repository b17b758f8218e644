// English messages of the attendee pages (bundled: the fallback). Whole sentences with named
// placeholders; plurals by CLDR category. Every other catalog is typed against these keys.
import type { Message } from '../../shared/i18n.ts';

const en = {
  'app.name': 'Karibu',
  'common.language': 'Language',
  'common.loading': 'Loading your ticket…',
  'common.retry': 'Try again',

  'ticket.title': 'Your ticket',
  'ticket.holder': 'Name',
  'ticket.type': 'Ticket',
  'ticket.code': 'Ticket code',
  'ticket.pin': 'PIN',
  'ticket.when': 'When',
  'ticket.doorsLabel': 'Doors open',
  'ticket.where': 'Where',
  'ticket.venueTime': 'Times are in {zone} time.',
  'ticket.organizer': 'Organised by {organizer}',
  'ticket.qrLabel': 'QR code of the ticket of {name}. Show it at the door.',
  'ticket.tapToEnlarge': 'Tap the code to show it full screen',
  'ticket.newCodeIn': { one: 'New code in {count} second', other: 'New code in {count} seconds' },
  'ticket.rotatingNote': 'This code changes every 30 seconds: a screenshot will not get in. Show this page itself at the door.',
  'ticket.staticNote': 'Show this code at the door, on your phone or printed.',
  'ticket.fallback': 'Phone battery dead? Door staff can check you in with your ticket code or your PIN.',
  'ticket.private': 'Keep this ticket to yourself: whoever shows it first gets in.',
  'ticket.print': 'Print',
  'ticket.pdf': 'Download PDF',
  'ticket.closeFullscreen': 'Close full screen',
  'ticket.fullscreenHint': 'Brightness up, hold the phone steady.',

  'state.offline': 'Offline — your ticket still works.',
  'state.savedAt': 'Saved on this phone {ago}.',
  'state.clockFixed': 'Your phone’s clock is off by {count} s; the code uses the correct time.',

  'status.cancelled': 'This ticket was cancelled.',
  'status.refunded': 'This ticket was refunded.',
  'status.transferred': 'This ticket was transferred to someone else.',
  'status.void': 'This ticket is no longer valid.',
  'status.contact': 'Questions? Contact {organizer}.',

  'error.notFound': 'This ticket link is not valid. It may have been replaced — check your latest email from the organizer.',
  'error.offlineFirst': 'You are offline and this ticket has not been opened on this phone before. Connect once to save it.',
  'error.generic': 'We could not load your ticket just now.',
  'error.badLink': 'This address is not a Karibu page.',

  'register.title': 'Register',
  'register.intro': 'Free registration. Your ticket is sent to your email address.',
  'register.introNoEmail': 'Free registration. Your ticket opens on this phone right after.',
  'register.name': 'Full name',
  'register.email': 'Email',
  'register.phone': 'Mobile phone (optional)',
  'register.phoneHint': 'For check-in by SMS from a basic phone. Start with + and your country code if your number is from abroad.',
  'register.submit': 'Get my ticket',
  'register.sending': 'Registering…',
  'register.spotsLeft': { one: '{count} spot left', other: '{count} spots left' },
  'register.checkEmail': 'Done! Your ticket is on its way to {email}. Check your spam folder if it does not arrive within a few minutes.',
  'register.openTicket': 'Open my ticket',
  'register.state.not_open_yet': 'Registration has not opened yet.',
  'register.state.closed': 'Registration is closed.',
  'register.state.full': 'Sorry, this event is full.',
  'register.state.unavailable': 'This event has no open registration.',
  'register.error.rate_limited': 'Too many attempts from this network. Wait a minute and try again.',
  'register.error.network': 'No connection. Check your network and try again.',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export default en as Record<MessageKey, Message>;
