// The Arabic words of the ticket email and PDF (same keys and placeholders as the English catalog
// in ticket-messages.ts).
const ar = {
  subject: 'تذكرتك: {event}',
  greeting: 'مرحبًا {name}،',
  intro: 'إليك تذكرتك لفعالية {event}.',
  openTicket: 'افتح تذكرتي',
  staticNote: 'اعرض رمز QR هذا عند الباب، على هاتفك أو مطبوعًا. تذكرتك القابلة للطباعة مرفقة بصيغة PDF.',
  rotatingNote: 'عند الباب، افتح تذكرتك على هاتفك: رمز QR الخاص بها يتغير كل 30 ثانية، لذلك لن تنفع لقطة الشاشة ولا النسخة المطبوعة. وبعد فتحها تبقى تعمل حتى بدون شبكة.',
  fallbackNote: 'ليس لديك هاتف ذكي؟ يمكن لفريق الاستقبال إدخالك برمز التذكرة أو برقم PIN.',
  privateNote: 'احتفظ بهذه التذكرة لنفسك: من يعرضها أولًا يدخل.',
  linkNote: 'تذكرتك على الإنترنت: {link}',
  event: 'الفعالية',
  when: 'الموعد',
  doors: 'فتح الأبواب',
  venue: 'المكان',
  holder: 'الاسم',
  type: 'التذكرة',
  code: 'رمز التذكرة',
  pin: 'PIN',
  footer: 'أرسلها Karibu نيابةً عن {organizer}.',
  pdfTitle: 'تذكرة',
  pdfRotating: 'رمز QR لهذه التذكرة يتغير كل 30 ثانية. افتح تذكرتك على هاتفك عند الباب:',
  pdfScan: 'اعرض هذا الرمز عند الباب',
  timeInZone: '{time} (بتوقيت {zone})',
  transferSubject: 'نُقلت تذكرتك لفعالية {event}',
  transferBody: 'تذكرتك لفعالية {event} أصبحت الآن باسم {name}. رابطك القديم ورمز QR ورمز التذكرة ورقم PIN لم تعد تعمل.',
  transferNotYou: 'إن لم تكن أنت من فعل ذلك، فتواصل مع {organizer} فورًا.',
};

export default ar;
