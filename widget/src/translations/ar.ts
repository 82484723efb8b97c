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
};
