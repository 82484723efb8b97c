import type { LauncherStrings } from './launcher-strings.js';
import type { Translation } from './translation.js';

/** The launcher's strings in Japanese: all the tiny loader carries. */
export const jaLauncher: LauncherStrings = {
  $code: 'ja',
  $name: '日本語',
  $dir: 'ltr',
  openChat: 'チャットを開く',
  closeChat: 'チャットを閉じる',
  unread: (n) => `未読メッセージ ${n} 件`,
};

/** Japanese. */
export const ja: Translation = {
  ...jaLauncher,
  close: '閉じる',
  messages: 'メッセージ',
  messageLabel: 'メッセージ',
  placeholder: 'メッセージを入力…',
  send: '送信',
  save: '保存',
  emoji: '絵文字を挿入',
  attach: 'ファイルを添付',
  dropHere: 'ファイルをここにドロップして添付',
  uploading: (name, p) => `${name} をアップロード中: ${p}%`,
  reply: '返信',
  edit: '編集',
  delete: '削除',
  react: 'リアクション',
  cancel: 'キャンセル',
  replyingTo: (name) => `${name} さんに返信`,
  editing: 'メッセージを編集中',
  edited: '編集済み',
  deleted: 'このメッセージは削除されました。',
  you: 'あなた',
  someone: '誰か',
  typing: (names) => (names.length === 1 ? `${names[0]} さんが入力中…` : `${names.length} 人が入力中…`),
  statusSending: '送信中',
  statusSent: '送信済み',
  statusRead: '既読',
  statusFailed: '未送信',
  connecting: '接続中…',
  connected: '接続済み',
  offline: 'オフライン',
  retry: '再試行',
  errorConnect: 'チャットサーバーに接続できません。インターネット接続を確認して、再試行してください。',
  errorSend: 'メッセージを送信できませんでした。接続を確認して、再試行してください。',
  empty: 'まだメッセージはありません。あいさつしてみましょう！',
  inbox: '会話',
  back: '会話一覧に戻る',
  noRooms: 'まだ会話はありません。',
  newMessage: (name, text) => `${name} さんからの新着メッセージ: ${text}`,
  invite: '招待',
  inviteHelp: 'このリンクを共有するか、コードをスキャンしてもらって、このチャットに招待します。',
  inviteLink: '招待リンク',
  copyLink: 'リンクをコピー',
  copied: 'リンクをコピーしました。',
  qrCode: '招待リンクの QR コード',
  safety: '安全番号',
  safetyHelp: '相手と直接または通話でこの番号を照合してください。一致すれば、間に誰もいません。',
  markVerified: '確認済みにする',
  verified: '確認済み',
  disappearing: '消えるメッセージ',
  timer: (s) =>
    s === 0
      ? 'オフ'
      : s < 86_400
        ? `${s / 3600} 時間`
        : s < 604_800
          ? `${s / 86_400} 日`
          : `${s / 604_800} 週間`,
  attachment: (name, size) => `ファイル ${name}、${size}`,
};
