/**
 * The message list's strings for messages that carry an escrow offer: the placeholder shown while the escrow
 * chunk loads, and the warnings on offers that are not shown as a card. Small, so the chat core carries them;
 * the card's own strings ({@link EscrowStrings}) stay in the lazily loaded escrow chunk.
 *
 * @module
 */

/** The strings of an offer message in the list. */
export interface EscrowMessageStrings {
  /** BCP 47 code. */
  $code: string;
  /** The placeholder while the card loads, e.g. `Escrow offer: Bike (loading…)`; item '' when unknown. */
  loading: (item: string) => string;
  /** Under an offer whose decoding or signature check failed (it is shown as plain text). */
  invalid: string;
  /** Under an offer whose card could not be loaded (it is shown as plain text). */
  unavailable: string;
}

const en: EscrowMessageStrings = {
  $code: 'en',
  loading: (item) => `Escrow offer${item ? `: ${item}` : ''} (loading…)`,
  invalid:
    'Warning: this escrow offer is damaged or its signature does not match. It is shown as text. Don’t pay it.',
  unavailable: 'The escrow card could not be loaded. The offer is shown as text.',
};

const de: EscrowMessageStrings = {
  $code: 'de',
  loading: (item) => `Treuhand-Angebot${item ? `: ${item}` : ''} (wird geladen…)`,
  invalid:
    'Warnung: Dieses Treuhand-Angebot ist beschädigt oder seine Signatur passt nicht. Es wird als Text gezeigt. Nicht bezahlen.',
  unavailable: 'Die Treuhand-Karte konnte nicht geladen werden. Das Angebot wird als Text gezeigt.',
};

const ar: EscrowMessageStrings = {
  $code: 'ar',
  loading: (item) => `عرض ضمان${item ? `: ${item}` : ''} (جارٍ التحميل…)`,
  invalid: 'تحذير: عرض الضمان هذا تالف أو توقيعه لا يطابق. يُعرض كنص. لا تدفعه.',
  unavailable: 'تعذّر تحميل بطاقة الضمان. يُعرض العرض كنص.',
};

const ja: EscrowMessageStrings = {
  $code: 'ja',
  loading: (item) => `エスクローのオファー${item ? `: ${item}` : ''}（読み込み中…）`,
  invalid:
    '警告: このエスクローのオファーは壊れているか、署名が一致しません。テキストとして表示しています。支払わないでください。',
  unavailable: 'エスクローのカードを読み込めませんでした。オファーをテキストとして表示しています。',
};

const TABLES = [en, de, ar, ja];

/**
 * The offer-message strings for a locale: exact code, then its language, then English.
 * @param code - a BCP 47 code; '' means the browser's language.
 * @returns the table.
 */
export function escrowMessageStringsFor(code: string): EscrowMessageStrings {
  const wanted = (code || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en').toLowerCase();
  return TABLES.find((s) => s.$code === wanted) ?? TABLES.find((s) => s.$code === wanted.split('-')[0]) ?? en;
}
