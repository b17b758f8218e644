import type { SmsTextKey } from './sms-catalog.en.ts';

/**
 * Arabic (Modern Standard) SMS and USSD replies. Arabic script is UCS-2: 70 characters a segment
 * and 80 on a USSD screen, so the words are short and carry no vowel marks (tashkeel), as SMS
 * Arabic is written. The door code comes before the way to the gate: a USSD screen cut at 80
 * characters still shows it. Keyword: «دخول» (sms-parse.ts). Vocabulary as the ticket email
 * (ticket-messages.ar.ts): رقم PIN، فعالية، فريق الاستقبال.
 */
export const ar: Record<SmsTextKey, string> = {
  admitted: 'مرحبا {name}! تم تسجيل دخولك إلى {event}. رمز الباب: {code}. توجه إلى {gate} وأظهر هذه الرسالة.',
  duplicate: '{name}، دخولك إلى {event} مسجل مسبقا. رمز الباب: {code}. توجه إلى {gate} وأظهر هذه الرسالة.',
  alreadyInside: '{name}، هذه التذكرة استخدمت للدخول إلى {event}. إن لم تكن أنت، راجع فريق الاستقبال عند {gate}.',
  notStarted: 'تفتح أبواب {event} الساعة {time}. أرسل رقم PIN مجددا حينها، أو أظهره لفريق الاستقبال عند {gate}.',
  ended: 'انتهى تسجيل الدخول إلى {event}. للمساعدة، تواصل مع المنظم.',
  eventCancelled: 'تم إلغاء {event}، فلا تسجيل للدخول. يرجى التواصل مع المنظم.',
  ticketInvalid: 'لم تعد هذه التذكرة صالحة لدخول {event}. راجع فريق الاستقبال عند المدخل أو تواصل مع المنظم.',
  usedUp: 'استنفدت هذه التذكرة مرات الدخول إلى {event}. راجع فريق الاستقبال عند {gate}.',
  cooldown: 'سجلت دخولا أو خروجا قبل لحظات. انتظر بضع دقائق ثم أرسل رقم PIN مجددا، أو أظهره لفريق الاستقبال عند {gate}.',
  notValidNow: 'هذه التذكرة غير صالحة لدخول {event} في هذا الوقت. راجع فريق الاستقبال عند {gate}.',
  wrongZone: 'لا يمكن الدخول بهذه التذكرة من {gate}. أظهر رقم PIN لفريق الاستقبال وسيرشدك.',
  refused: 'تعذر تسجيل دخولك إلى {event} برسالة نصية. أظهر رقم PIN لفريق الاستقبال عند {gate}.',
  notFound: 'لم نجد تذكرة برقم PIN هذا لهذا الهاتف. تحقق من الأرقام الستة وأرسل «دخول» ثم الرقم من هاتف التذكرة، أو أظهره لفريق الاستقبال.',
  unreadable: 'للدخول أرسل «دخول» ورقم PIN من تذكرتك، مثلا: دخول 482916',
  ambiguous: 'رقم PIN هذا صالح لأكثر من فعالية. أرسل «دخول {pin}» ثم رمز الفعالية: {codes}',
  rateLimited: 'محاولات كثيرة. انتظر {minutes} دقائق وحاول مجددا، أو أظهر رقم PIN لفريق الاستقبال.',
  paused: 'تسجيل الدخول برسالة نصية متوقف مؤقتا. أظهر رقم PIN لفريق الاستقبال.',
  test: 'رسالة تجريبية من Karibu: قناة الرسائل {number} تعمل.',
  pin: 'رقم PIN لدخول {event} هو {pin}. عند المدخل، أرسل «دخول {pin}» إلى {number}.',
  pinWithUssd: 'رقم PIN لدخول {event} هو {pin}. عند المدخل، أرسل «دخول {pin}» إلى {number} أو اطلب {ussd}.',
  ussdMenu: 'دخول Karibu\n1 تسجيل الدخول (PIN)\n2 تذاكري (برسالة نصية)\n3 اللغة',
  ussdAskPin: 'أدخل رقم PIN المكون من 6 أرقام على تذكرتك:',
  ussdAskEvent: 'رقم PIN صالح لأكثر من فعالية. اختر:',
  ussdLanguage: 'اختر اللغة:',
  ussdLanguageSet: 'تم اختيار العربية. اطلب الرمز مجددا لتسجيل الدخول.',
  ussdTicketsSent: 'أرسلنا تذاكرك برسالة نصية إلى هذا الهاتف.',
  ussdNoTickets: 'لا توجد تذكرة لهذا الهاتف. اطلب من المنظم إضافة رقمك إلى تذكرتك.',
  ussdBad: 'عذرا، لم نفهم. أعد الاتصال من فضلك.',
  ticketLine: '{event}: رقم PIN {pin}، التذكرة {code}',
  resend: 'تذكرتك لـ {event}: {link} رمز التذكرة {code}، رقم PIN {pin}.',
};
