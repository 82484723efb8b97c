import type { CallStrings } from '../calls/call-strings.js'; // calls
import type { EscrowStrings } from './escrow-strings.js'; // escrow card
import type { LauncherStrings } from './launcher-strings.js';
import type { Translation } from './translation.js';

/** The launcher's strings in Arabic: all the tiny loader carries. */
export const arLauncher: LauncherStrings = {
  $code: 'ar',
  $name: 'العربية',
  $dir: 'rtl',
  openChat: 'افتح الدردشة',
  closeChat: 'أغلق الدردشة',
  unread: (n) => (n === 1 ? 'رسالة واحدة غير مقروءة' : `${n} رسائل غير مقروءة`),
};

/** Arabic (right to left). */
export const ar: Translation = {
  ...arLauncher,
  close: 'إغلاق',
  messages: 'الرسائل',
  messageLabel: 'رسالة',
  placeholder: 'اكتب رسالة…',
  send: 'إرسال',
  save: 'حفظ',
  emoji: 'أدرج رمزًا تعبيريًا',
  attach: 'أرفق ملفًا',
  dropHere: 'أفلت الملفات هنا لإرفاقها',
  uploading: (name, p) => `جارٍ رفع ${name}: ‏${p}٪`,
  reply: 'رد',
  edit: 'تعديل',
  delete: 'حذف',
  react: 'تفاعل',
  cancel: 'إلغاء',
  replyingTo: (name) => `رد على ${name}`,
  editing: 'تعديل رسالتك',
  edited: 'معدّلة',
  deleted: 'حُذفت هذه الرسالة.',
  you: 'أنت',
  someone: 'شخص ما',
  typing: (names) => (names.length === 1 ? `${names[0]} يكتب…` : `${names.length} أشخاص يكتبون…`),
  statusSending: 'جارٍ الإرسال',
  statusSent: 'أُرسلت',
  statusRead: 'قُرئت',
  statusFailed: 'لم تُرسل',
  connecting: 'جارٍ الاتصال…',
  connected: 'متصل',
  offline: 'غير متصل',
  retry: 'أعد المحاولة',
  errorConnect: 'تعذّر الوصول إلى خادم الدردشة. تحقق من اتصالك بالإنترنت ثم أعد المحاولة.',
  errorSend: 'لم تُرسل رسالتك. تحقق من اتصالك ثم أعد المحاولة.',
  empty: 'لا توجد رسائل بعد. قل مرحبًا!',
  inbox: 'المحادثات',
  back: 'العودة إلى المحادثات',
  noRooms: 'لا توجد محادثات بعد.',
  newMessage: (name, text) => `رسالة جديدة من ${name}: ${text}`,
  newMessages: (n) =>
    n === 1
      ? 'رسالة جديدة واحدة'
      : n === 2
        ? 'رسالتان جديدتان'
        : n % 100 >= 3 && n % 100 <= 10
          ? `${n} رسائل جديدة`
          : `${n} رسالة جديدة`,
  invite: 'دعوة',
  inviteHelp: 'شارك هذا الرابط أو دعهم يمسحون الرمز لدعوة شخص إلى هذه الدردشة.',
  inviteLink: 'رابط الدعوة',
  copyLink: 'انسخ الرابط',
  copied: 'نُسخ الرابط.',
  qrCode: 'رمز QR لرابط الدعوة',
  safety: 'رقم الأمان',
  safetyHelp: 'قارن هذه الأرقام مع جهة اتصالك شخصيًا أو في مكالمة. إذا تطابقت فلا أحد بينكما.',
  markVerified: 'علّم كموثّق',
  verified: 'موثّق',
  disappearing: 'الرسائل المؤقتة',
  timer: (s) =>
    s === 0
      ? 'إيقاف'
      : s < 86_400
        ? `${s / 3600} س`
        : s < 604_800
          ? `${s / 86_400} ي`
          : `${s / 604_800} أسبوع`,
  attachment: (name, size) => `ملف ${name}، ${size}`,
  voiceCall: 'مكالمة صوتية',
  videoCall: 'مكالمة فيديو',
  incomingCall: (name, video, room) =>
    `${video ? 'مكالمة فيديو' : 'مكالمة صوتية'} واردة من ${name}${room ? ` في ${room}` : ''}`,
  callInProgress: 'مكالمة جارية',
  returnToCall: 'العودة إلى المكالمة',
  showMessages: 'عرض الرسائل',
  callFailed: 'تعذّر بدء المكالمة. تحقّق من اتصالك ثم أعد المحاولة.',
};

// ─── escrow card (begin) ──────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded escrow chunk imports this table (through ./escrow.ts); the chat core tree-shakes it.

/** The escrow card's strings in Arabic. */
export const arEscrow: EscrowStrings = {
  $code: 'ar',
  $dir: 'rtl',
  card: (item) => `عرض ضمان: ${item}`,
  unnamedItem: 'سلعة',
  amount: 'السعر',
  seller: 'البائع',
  buyer: 'المشتري',
  anyone: 'أي شخص',
  you: 'أنت',
  status: 'الحالة',
  phase: {
    offered: 'معروض',
    funded: 'مدفوع في الضمان',
    shipped: 'تم الشحن',
    released: 'حُرّر للبائع',
    refunded: 'أُعيد للمشتري',
    disputed: 'قيد النزاع',
    resolved: 'حسمه المحكّم',
    expired: 'انتهى (لم يُشحن في الوقت)',
    unavailable: 'لم يعد متاحًا',
  },
  deadline: {
    offer: 'العرض صالح حتى',
    shipBy: 'الشحن قبل',
    inspection: 'ينتهي الفحص',
    ruling: 'الحكم قبل',
  },
  deadlinePassed: 'انقضى',
  action: {
    accept: 'اقبل وادفع في الضمان',
    ship: 'علّم كمشحون',
    release: 'حرّر الدفعة',
    refund: 'أعد المبلغ للمشتري',
    dispute: 'افتح نزاعًا',
    expire: 'استرد الدفعة (لم يُشحن في الوقت)',
    autoRelease: 'حرّر الدفعة (انتهى الفحص)',
    resolveByDefault: 'طبّق التقسيم الافتراضي',
    withdraw: 'اسحب الأموال',
  },
  acceptOffer: 'اقبل العرض',
  connect: 'اربط المحفظة',
  connectedAs: (a) => `المحفظة ${a}`,
  switchChain: 'بدّل الشبكة',
  pending: (a) => `${a}: أكّد في محفظتك ثم انتظر الشبكة…`,
  done: (a) => `${a}: تم.`,
  transaction: 'المعاملة',
  errorWrongChain: (id) => `محفظتك على شبكة أخرى. بدّل إلى السلسلة ${id} ثم حاول مجددًا.`,
  errorRejected: 'رفضت الطلب في محفظتك.',
  errorInsufficientFunds: 'لا تملك محفظتك ما يكفي للدفع (مع رسوم الشبكة).',
  errorNoWallet: 'لم يُعثر على محفظة. ثبّت إضافة محفظة أو افتح الصفحة في متصفح محفظة.',
  errorReverted: (r) => `رفض العقد هذا (${r}). حدّث الصفحة وتحقق من الحالة.`,
  errorFailed: 'فشلت المعاملة. تحقق من اتصالك ثم حاول مجددًا.',
  errorInvalidOffer: 'هذا العرض تالف أو توقيعه لا يطابق. لا تدفعه.',
};
// ─── escrow card (end) ────────────────────────────────────────────────────────────────────────────────────

// ─── calls (begin) ────────────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded calls chunk imports this table (through ../calls/call-strings-for.ts).

/** The calls UI's strings in Arabic. */
export const arCall: CallStrings = {
  $code: 'ar',
  $dir: 'rtl',
  startAudioCall: 'بدء مكالمة صوتية',
  startVideoCall: 'بدء مكالمة فيديو',
  call: 'مكالمة',
  incoming: (name, video) => `${name} يتصل بك (${video ? 'فيديو' : 'صوت'})`,
  acceptVideo: 'قبول بالفيديو',
  acceptAudio: 'قبول بالصوت فقط',
  decline: 'رفض',
  phase: {
    ringing: 'يرن…',
    connecting: 'جارٍ الاتصال…',
    connected: 'متصل',
    reconnecting: 'انقطع الاتصال. جارٍ إعادة الاتصال…',
    ended: 'انتهت المكالمة',
  },
  mute: 'كتم الميكروفون',
  cameraOff: 'إيقاف الكاميرا',
  shareScreen: 'مشاركة الشاشة',
  devices: 'الأجهزة',
  microphone: 'الميكروفون',
  camera: 'الكاميرا',
  switchCamera: 'تبديل الكاميرا',
  noDevices: 'لم يُعثر على أجهزة',
  unnamedDevice: (n) => `جهاز ${n}`,
  hangUp: 'إنهاء المكالمة',
  you: 'أنت',
  someone: 'شخص ما',
  micMuted: 'الميكروفون مكتوم',
  videoOff: 'الكاميرا متوقفة',
  speaking: 'يتحدث',
  screenOf: (name) => `شاشة ${name}`,
  yourScreen: 'شاشتك',
  mode: { p2p: 'اتصال مباشر', sfu: 'عبر خادم الوسائط' },
  encrypted: 'مشفّرة من طرف إلى طرف',
  quality: { good: 'اتصال جيد', fair: 'اتصال متوسط', poor: 'اتصال ضعيف' },
  fallbackNotice: 'تعذّر الاتصال المباشر، لذا تمر المكالمة الآن عبر خادم الوسائط. وتبقى مشفّرة من طرف إلى طرف.',
  problem: {
    permission:
      'حظر متصفحك الكاميرا والميكروفون. اسمح بهما لهذا الموقع (رمز الكاميرا في شريط العنوان) ثم حاول مجددًا.',
    'no-device': 'لم يُعثر على كاميرا أو ميكروفون. وصّل أحدهما ثم حاول مجددًا.',
    'device-busy': 'الكاميرا أو الميكروفون قيد الاستخدام في تطبيق آخر. أغلقه ثم حاول مجددًا.',
    'screen-share': 'لم تبدأ مشاركة الشاشة. اسمح بها عندما يسألك المتصفح ثم حاول مجددًا.',
    failed: 'تعذّر على المكالمة استخدام الكاميرا أو الميكروفون. حاول مجددًا.',
  },
  retry: 'حاول مجددًا',
  dismiss: 'إغلاق',
  declined: 'تم رفض المكالمة.',
};
// ─── calls (end) ──────────────────────────────────────────────────────────────────────────────────────────
