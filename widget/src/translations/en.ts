import type { CallStrings } from '../calls/call-strings.js'; // calls
import type { EscrowStrings } from './escrow-strings.js'; // escrow card
import type { LauncherStrings } from './launcher-strings.js';
import type { Translation } from './translation.js';

/** The launcher's strings in English: all the tiny loader carries. */
export const enLauncher: LauncherStrings = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: (n) => (n === 1 ? '1 unread message' : `${n} unread messages`),
};

/** English. */
export const en: Translation = {
  ...enLauncher,
  close: 'Close',
  messages: 'Messages',
  messageLabel: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  save: 'Save',
  emoji: 'Insert emoji',
  attach: 'Attach a file',
  dropHere: 'Drop files to attach them',
  uploading: (name, p) => `Uploading ${name}: ${p}%`,
  reply: 'Reply',
  edit: 'Edit',
  delete: 'Delete',
  react: 'React',
  cancel: 'Cancel',
  replyingTo: (name) => `Replying to ${name}`,
  editing: 'Editing your message',
  edited: 'edited',
  deleted: 'This message was deleted.',
  you: 'You',
  someone: 'Someone',
  typing: (names) => (names.length === 1 ? `${names[0]} is typing…` : `${names.length} people are typing…`),
  statusSending: 'Sending',
  statusSent: 'Sent',
  statusRead: 'Read',
  statusFailed: 'Not sent',
  connecting: 'Connecting…',
  connected: 'Connected',
  offline: 'Offline',
  retry: 'Retry',
  errorConnect: 'Can’t reach the chat server. Check your internet connection, then retry.',
  errorSend: 'Your message wasn’t sent. Check your connection, then retry.',
  empty: 'No messages yet. Say hello!',
  inbox: 'Conversations',
  back: 'Back to conversations',
  noRooms: 'No conversations yet.',
  newMessage: (name, text) => `New message from ${name}: ${text}`,
  invite: 'Invite',
  inviteHelp: 'Share this link, or let them scan the code, to invite someone to this chat.',
  inviteLink: 'Invite link',
  copyLink: 'Copy link',
  copied: 'Link copied.',
  qrCode: 'QR code of the invite link',
  safety: 'Safety number',
  safetyHelp:
    'Compare these numbers with your contact, in person or on a call. If they match, nobody is in between.',
  markVerified: 'Mark as verified',
  verified: 'Verified',
  disappearing: 'Disappearing messages',
  timer: (s) =>
    s === 0 ? 'Off' : s < 86_400 ? `${s / 3600} h` : s < 604_800 ? `${s / 86_400} d` : `${s / 604_800} wk`,
  attachment: (name, size) => `File ${name}, ${size}`,
};

// ─── escrow card (begin) ──────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded escrow chunk imports this table (through ./escrow.ts); the chat core tree-shakes it.

/** The escrow card's strings in English. */
export const enEscrow: EscrowStrings = {
  $code: 'en',
  $dir: 'ltr',
  card: (item) => `Escrow offer: ${item}`,
  unnamedItem: 'Item',
  amount: 'Price',
  seller: 'Seller',
  buyer: 'Buyer',
  anyone: 'anyone',
  you: 'you',
  status: 'Status',
  phase: {
    offered: 'Offered',
    funded: 'Paid into escrow',
    shipped: 'Shipped',
    released: 'Released to the seller',
    refunded: 'Refunded to the buyer',
    disputed: 'In dispute',
    resolved: 'Resolved by the arbiter',
    expired: 'Expired (not shipped in time)',
    unavailable: 'No longer available',
  },
  deadline: {
    offer: 'Offer valid until',
    shipBy: 'Ship by',
    inspection: 'Inspection ends',
    ruling: 'Ruling due by',
  },
  deadlinePassed: 'passed',
  action: {
    accept: 'Accept and pay into escrow',
    ship: 'Mark as shipped',
    release: 'Release payment',
    refund: 'Refund the buyer',
    dispute: 'Open a dispute',
    expire: 'Reclaim payment (not shipped in time)',
    autoRelease: 'Release payment (inspection over)',
    resolveByDefault: 'Apply the default split',
    withdraw: 'Withdraw funds',
  },
  acceptOffer: 'Accept offer',
  connect: 'Connect wallet',
  connectedAs: (a) => `Wallet ${a}`,
  switchChain: 'Switch network',
  pending: (a) => `${a}: confirm in your wallet, then wait for the network…`,
  done: (a) => `${a}: done.`,
  transaction: 'Transaction',
  errorWrongChain: (id) => `Your wallet is on another network. Switch to chain ${id}, then try again.`,
  errorRejected: 'You declined the request in your wallet.',
  errorInsufficientFunds: 'Your wallet does not hold enough to pay this (including the network fee).',
  errorNoWallet: 'No wallet found. Install a wallet extension or open this page in a wallet’s browser.',
  errorReverted: (r) => `The contract refused this (${r}). Refresh and check the status.`,
  errorFailed: 'The transaction failed. Check your connection, then try again.',
  errorInvalidOffer: 'This offer is damaged or its signature does not match. Don’t pay it.',
};
// ─── escrow card (end) ────────────────────────────────────────────────────────────────────────────────────

// ─── calls (begin) ────────────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded calls chunk imports this table (through ../calls/call-strings-for.ts).

/** The calls UI's strings in English. */
export const enCall: CallStrings = {
  $code: 'en',
  $dir: 'ltr',
  startAudioCall: 'Start voice call',
  startVideoCall: 'Start video call',
  call: 'Call',
  incoming: (name, video) => `${name} is calling you (${video ? 'video' : 'voice'})`,
  acceptVideo: 'Accept with video',
  acceptAudio: 'Accept with voice only',
  decline: 'Decline',
  phase: {
    ringing: 'Ringing…',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Connection lost. Reconnecting…',
    ended: 'Call ended',
  },
  mute: 'Mute microphone',
  cameraOff: 'Turn camera off',
  shareScreen: 'Share screen',
  devices: 'Devices',
  microphone: 'Microphone',
  camera: 'Camera',
  switchCamera: 'Switch camera',
  noDevices: 'No devices found',
  unnamedDevice: (n) => `Device ${n}`,
  hangUp: 'Hang up',
  you: 'You',
  someone: 'Someone',
  micMuted: 'Microphone muted',
  videoOff: 'Camera off',
  speaking: 'Speaking',
  screenOf: (name) => `${name}’s screen`,
  yourScreen: 'Your screen',
  mode: { p2p: 'Direct connection', sfu: 'Through the media server' },
  encrypted: 'End-to-end encrypted',
  quality: { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection' },
  fallbackNotice:
    'A direct connection was not possible, so the call now goes through the media server. It stays end-to-end encrypted.',
  problem: {
    permission:
      'Your browser blocked the camera and microphone. Allow them for this site (the camera icon in the address bar), then try again.',
    'no-device': 'No camera or microphone was found. Connect one, then try again.',
    'device-busy': 'Your camera or microphone is in use by another app. Close that app, then try again.',
    'screen-share': 'Screen sharing did not start. Allow it when your browser asks, then try again.',
    failed: 'The call could not use your camera or microphone. Try again.',
  },
  retry: 'Try again',
  dismiss: 'Dismiss',
};
// ─── calls (end) ──────────────────────────────────────────────────────────────────────────────────────────
