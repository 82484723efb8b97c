import type { CallStrings } from '../calls/call-strings.js'; // calls
import type { EscrowStrings } from './escrow-strings.js'; // escrow card
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
  newMessages: (n) => `新着メッセージ ${n} 件`,
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
  voiceCall: '音声通話',
  videoCall: 'ビデオ通話',
  incomingCall: (name, video, room) =>
    `${room ? `${room} で` : ''}${name} さんから${video ? 'ビデオ' : '音声'}通話の着信`,
  callInProgress: '通話中',
  returnToCall: '通話に戻る',
  showMessages: 'メッセージを表示',
  callFailed: '通話を開始できませんでした。接続を確認してから再試行してください。',
};

// ─── escrow card (begin) ──────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded escrow chunk imports this table (through ./escrow.ts); the chat core tree-shakes it.

/** The escrow card's strings in Japanese. */
export const jaEscrow: EscrowStrings = {
  $code: 'ja',
  $dir: 'ltr',
  card: (item) => `エスクローのオファー: ${item}`,
  unnamedItem: '商品',
  amount: '価格',
  seller: '売り手',
  buyer: '買い手',
  anyone: '誰でも',
  you: 'あなた',
  status: '状態',
  phase: {
    offered: 'オファー中',
    funded: 'エスクローに入金済み',
    shipped: '発送済み',
    released: '売り手に支払い済み',
    refunded: '買い手に返金済み',
    disputed: '紛争中',
    resolved: '仲裁人が裁定済み',
    expired: '期限切れ（期限内に未発送）',
    unavailable: 'もう利用できません',
  },
  deadline: {
    offer: 'オファーの有効期限',
    shipBy: '発送期限',
    inspection: '検品期限',
    ruling: '裁定期限',
  },
  deadlinePassed: '期限切れ',
  action: {
    accept: '承諾してエスクローに支払う',
    ship: '発送済みにする',
    release: '支払いを確定する',
    refund: '買い手に返金する',
    dispute: '異議を申し立てる',
    expire: '支払いを取り戻す（期限内に未発送）',
    autoRelease: '支払いを確定する（検品期間終了）',
    resolveByDefault: '既定の配分を適用する',
    withdraw: '資金を引き出す',
  },
  acceptOffer: 'オファーを承諾',
  connect: 'ウォレットを接続',
  connectedAs: (a) => `ウォレット ${a}`,
  switchChain: 'ネットワークを切り替える',
  pending: (a) => `${a}: ウォレットで確認し、ネットワークをお待ちください…`,
  done: (a) => `${a}: 完了しました。`,
  transaction: 'トランザクション',
  errorWrongChain: (id) =>
    `ウォレットが別のネットワークにあります。チェーン ${id} に切り替えてから再試行してください。`,
  errorRejected: 'ウォレットでリクエストを拒否しました。',
  errorInsufficientFunds: 'ウォレットの残高が不足しています（ネットワーク手数料を含む）。',
  errorNoWallet:
    'ウォレットが見つかりません。ウォレット拡張機能を入れるか、ウォレットのブラウザで開いてください。',
  errorReverted: (r) => `コントラクトが拒否しました（${r}）。更新して状態を確認してください。`,
  errorFailed: 'トランザクションに失敗しました。接続を確認してから再試行してください。',
  errorInvalidOffer: 'このオファーは壊れているか、署名が一致しません。支払わないでください。',
};
// ─── escrow card (end) ────────────────────────────────────────────────────────────────────────────────────

// ─── calls (begin) ────────────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded calls chunk imports this table (through ../calls/call-strings-for.ts).

/** The calls UI's strings in Japanese. */
export const jaCall: CallStrings = {
  $code: 'ja',
  $dir: 'ltr',
  startAudioCall: '音声通話を開始',
  startVideoCall: 'ビデオ通話を開始',
  call: '通話',
  incoming: (name, video) => `${name}さんから${video ? 'ビデオ' : '音声'}通話の着信`,
  acceptVideo: 'ビデオで応答',
  acceptAudio: '音声のみで応答',
  decline: '拒否',
  phase: {
    ringing: '呼び出し中…',
    connecting: '接続中…',
    connected: '接続しました',
    reconnecting: '接続が切れました。再接続中…',
    ended: '通話が終了しました',
  },
  mute: 'マイクをミュート',
  cameraOff: 'カメラをオフ',
  shareScreen: '画面を共有',
  devices: 'デバイス',
  microphone: 'マイク',
  camera: 'カメラ',
  switchCamera: 'カメラを切り替え',
  noDevices: 'デバイスが見つかりません',
  unnamedDevice: (n) => `デバイス ${n}`,
  hangUp: '通話を終了',
  you: 'あなた',
  someone: '誰か',
  micMuted: 'マイクはミュート中',
  videoOff: 'カメラはオフ',
  speaking: '話しています',
  screenOf: (name) => `${name}さんの画面`,
  yourScreen: 'あなたの画面',
  mode: { p2p: '直接接続', sfu: 'メディアサーバー経由' },
  encrypted: 'エンドツーエンドで暗号化',
  quality: { good: '接続良好', fair: '接続やや不安定', poor: '接続不良' },
  fallbackNotice:
    '直接接続できなかったため、通話はメディアサーバー経由になりました。エンドツーエンドの暗号化は維持されます。',
  problem: {
    permission:
      'ブラウザーがカメラとマイクをブロックしました。このサイトに許可してから(アドレスバーのカメラアイコン)、もう一度お試しください。',
    'no-device': 'カメラもマイクも見つかりません。接続してから、もう一度お試しください。',
    'device-busy':
      'カメラまたはマイクが別のアプリで使用中です。そのアプリを閉じてから、もう一度お試しください。',
    'screen-share':
      '画面共有が開始されませんでした。ブラウザーの確認で許可してから、もう一度お試しください。',
    failed: '通話でカメラまたはマイクを使用できませんでした。もう一度お試しください。',
  },
  retry: '再試行',
  dismiss: '閉じる',
  declined: '通話は拒否されました。',
};
// ─── calls (end) ──────────────────────────────────────────────────────────────────────────────────────────
