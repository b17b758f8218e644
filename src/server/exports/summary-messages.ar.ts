// The Arabic words of the event summary PDF (keys and placeholders of summary-messages.en.ts).
import type { SummaryCatalog } from './summary-messages.types.ts';

const ar: SummaryCatalog = {
  docTitle: 'ملخص الحضور — {event}',
  title: 'ملخص الحضور',
  titleDraft: 'ملخص الحضور (فعالية في مرحلة المسودة)',
  titleCancelled: 'ملخص الحضور (فعالية ملغاة)',
  titleArchived: 'ملخص الحضور (فعالية مؤرشفة)',
  venue: 'المكان',
  doorsOpen: 'فتح الأبواب',
  starts: 'البداية',
  ends: 'النهاية',
  timeZone: 'المنطقة الزمنية',
  expected: 'المتوقَّع',
  checkedIn: 'دخلوا',
  noShows: 'الغائبون',
  insideNow: 'في الداخل الآن',
  ticketType: 'نوع التذكرة',
  turnout: 'نسبة الحضور',
  noTypes: 'لا توجد أنواع تذاكر لهذه الفعالية.',
  otherTypes: {
    zero: 'لا أنواع أخرى',
    one: 'نوع آخر واحد',
    two: 'نوعان آخران',
    few: '{count} أنواع أخرى',
    many: '{count} نوعًا آخر',
    other: '{count} نوع آخر',
  },
  arrivals: {
    zero: 'الوافدون: عمليات الدخول (مع إعادة الدخول)',
    one: 'الوافدون: عمليات الدخول في كل دقيقة (مع إعادة الدخول)',
    two: 'الوافدون: عمليات الدخول في كل دقيقتين (مع إعادة الدخول)',
    few: 'الوافدون: عمليات الدخول في كل {count} دقائق (مع إعادة الدخول)',
    many: 'الوافدون: عمليات الدخول في كل {count} دقيقة (مع إعادة الدخول)',
    other: 'الوافدون: عمليات الدخول في كل {count} دقيقة (مع إعادة الدخول)',
  },
  noAdmissions: 'لا دخول بعد.',
  generated: 'أعدّه Karibu في {time}. كل الأوقات بتوقيت المكان ({zone}).',
  definitions: 'المتوقَّع: التذاكر الصالحة. دخلوا: من دخل مرة واحدة على الأقل (لا يُحتسب المسح المتراجَع عنه). الغائبون: المتوقَّع ناقص من دخلوا.',
};

export default ar;
