/**
 * The words of the landing page (`/`), per language: the same rule as every catalog (whole
 * sentences, each language its own words). A language is added by adding one catalog here; the
 * page negotiates among the keys of LANDING_CATALOGS and lists each in its language switch.
 */
const en = {
  dir: 'ltr' as 'ltr' | 'rtl',
  /** The language's own name, shown in the language switch. */
  languageName: 'English',
  title: 'Karibu — event check-in',
  lead: 'This is a Karibu server: offline-first event check-in. Signed tickets that a door phone checks with no network, a door scanner for budget Android phones, and a live console for organizers.',
  choose: 'Where to?',
  console: 'Organizer console',
  consoleHint: 'Events, tickets, staff and door phones.',
  scan: 'Door scanner',
  scanHint: 'For door staff: pair this phone once with a setup code, then scan tickets, online or offline.',
  docs: 'API documentation',
  docsHint: 'The REST API for ticketing systems and integrations (OpenAPI 3.1).',
  attendees: 'Have a ticket? Open the link in your ticket email or text message.',
  language: 'Language',
};

export type LandingCatalog = typeof en;

const fr: LandingCatalog = {
  dir: 'ltr',
  languageName: 'Français',
  title: 'Karibu — contrôle d’accès aux événements',
  lead: 'Ceci est un serveur Karibu : le contrôle d’accès aux événements qui fonctionne hors ligne. Des billets signés qu’un téléphone vérifie à l’entrée sans réseau, un scanner pour les téléphones Android d’entrée de gamme et une console en direct pour les organisateurs.',
  choose: 'Où aller ?',
  console: 'Console de l’organisateur',
  consoleHint: 'Événements, billets, personnel et téléphones d’entrée.',
  scan: 'Scanner d’entrée',
  scanHint: 'Pour le personnel à l’entrée : associez ce téléphone une fois avec un code d’installation, puis scannez les billets, en ligne ou hors ligne.',
  docs: 'Documentation de l’API',
  docsHint: 'L’API REST pour les billetteries et les intégrations (OpenAPI 3.1).',
  attendees: 'Vous avez un billet ? Ouvrez le lien reçu par e-mail ou par SMS.',
  language: 'Langue',
};

const sw: LandingCatalog = {
  dir: 'ltr',
  languageName: 'Kiswahili',
  title: 'Karibu — kuingia kwenye matukio',
  lead: 'Hii ni seva ya Karibu: kuingia kwenye matukio hata bila mtandao. Tiketi zilizosainiwa ambazo simu ya getini hukagua bila mtandao, skana ya getini kwa simu za Android za bei nafuu, na dashibodi ya moja kwa moja kwa waandalizi.',
  choose: 'Unaenda wapi?',
  console: 'Dashibodi ya mwandalizi',
  consoleHint: 'Matukio, tiketi, wafanyakazi na simu za getini.',
  scan: 'Skana ya getini',
  scanHint: 'Kwa wafanyakazi wa getini: unganisha simu hii mara moja kwa msimbo wa kuanzisha, kisha skani tiketi, ukiwa na mtandao au bila.',
  docs: 'Nyaraka za API',
  docsHint: 'API ya REST kwa mifumo ya tiketi na miunganisho (OpenAPI 3.1).',
  attendees: 'Una tiketi? Fungua kiungo kwenye barua pepe au SMS ya tiketi yako.',
  language: 'Lugha',
};

const am: LandingCatalog = {
  dir: 'ltr',
  languageName: 'አማርኛ',
  title: 'Karibu — የዝግጅት መግቢያ ቁጥጥር',
  lead: 'ይህ የKaribu አገልጋይ ነው፦ ያለ ኢንተርኔት የሚሰራ የዝግጅት መግቢያ ቁጥጥር። የበሩ ስልክ ያለ ኔትወርክ የሚያረጋግጣቸው የተፈረሙ ትኬቶች፣ ለርካሽ የAndroid ስልኮች የበር ስካነር፣ እና ለአዘጋጆች የቀጥታ መቆጣጠሪያ።',
  choose: 'ወዴት?',
  console: 'የአዘጋጅ መቆጣጠሪያ',
  consoleHint: 'ዝግጅቶች፣ ትኬቶች፣ ሠራተኞች እና የበር ስልኮች።',
  scan: 'የበር ስካነር',
  scanHint: 'ለበር ሠራተኞች፦ ይህን ስልክ አንድ ጊዜ በማስጀመሪያ ኮድ ያገናኙ፣ ከዚያ ትኬቶችን ይቃኙ — በኔትወርክም ያለ ኔትወርክም።',
  docs: 'የAPI ሰነድ',
  docsHint: 'ለትኬት ሥርዓቶች እና ለውህደቶች የREST API (OpenAPI 3.1)።',
  attendees: 'ትኬት አለዎት? በትኬት ኢሜይልዎ ወይም በአጭር መልዕክትዎ ያለውን ሊንክ ይክፈቱ።',
  language: 'ቋንቋ',
};

const ar: LandingCatalog = {
  dir: 'rtl',
  languageName: 'العربية',
  title: 'Karibu — تسجيل الدخول إلى الفعاليات',
  lead: 'هذا خادم Karibu: تسجيل دخول إلى الفعاليات يعمل دون اتصال. تذاكر موقّعة يتحقق منها هاتف البوابة دون شبكة، وماسح للبوابة لهواتف Android الاقتصادية، ولوحة مباشرة للمنظمين.',
  choose: 'إلى أين؟',
  console: 'لوحة المنظّم',
  consoleHint: 'الفعاليات والتذاكر والطاقم وهواتف البوابات.',
  scan: 'ماسح البوابة',
  scanHint: 'لطاقم البوابة: اربط هذا الهاتف مرة واحدة برمز الإعداد، ثم امسح التذاكر متصلًا أو دون اتصال.',
  docs: 'توثيق الـ API',
  docsHint: 'واجهة REST لأنظمة التذاكر والتكاملات (OpenAPI 3.1).',
  attendees: 'لديك تذكرة؟ افتح الرابط في بريد التذكرة أو رسالتها النصية.',
  language: 'اللغة',
};

const pt: LandingCatalog = {
  dir: 'ltr',
  languageName: 'Português',
  title: 'Karibu — controlo de entradas em eventos',
  lead: 'Este é um servidor Karibu: controlo de entradas em eventos que funciona sem rede. Bilhetes assinados que o telemóvel da porta verifica sem rede, um leitor de porta para telemóveis Android económicos e uma consola ao vivo para os organizadores.',
  choose: 'Para onde?',
  console: 'Consola do organizador',
  consoleHint: 'Eventos, bilhetes, equipa e telemóveis da porta.',
  scan: 'Leitor da porta',
  scanHint: 'Para a equipa da porta: associe este telemóvel uma vez com um código de configuração e depois leia os bilhetes, com ou sem rede.',
  docs: 'Documentação da API',
  docsHint: 'A API REST para sistemas de bilheteira e integrações (OpenAPI 3.1).',
  attendees: 'Tem um bilhete? Abra a ligação no e-mail ou na SMS do seu bilhete.',
  language: 'Idioma',
};

export const LANDING_CATALOGS = { en, fr, sw, am, ar, pt } satisfies Record<string, LandingCatalog>;
export type LandingLocale = keyof typeof LANDING_CATALOGS;
export const LANDING_LOCALES = Object.keys(LANDING_CATALOGS) as LandingLocale[];
