import type { LauncherStrings } from './launcher-strings.js';

/** Every string the widget shows, per locale. `$dir` drives RTL layout. */
export interface Translation extends LauncherStrings {
  close: string;
  messages: string;
  messageLabel: string;
  placeholder: string;
  send: string;
  save: string;
  emoji: string;
  attach: string;
  dropHere: string;
  uploading: (name: string, percent: number) => string;
  reply: string;
  edit: string;
  delete: string;
  react: string;
  cancel: string;
  replyingTo: (name: string) => string;
  editing: string;
  edited: string;
  deleted: string;
  you: string;
  someone: string;
  typing: (names: string[]) => string;
  statusSending: string;
  statusSent: string;
  statusRead: string;
  statusFailed: string;
  connecting: string;
  connected: string;
  offline: string;
  retry: string;
  errorConnect: string;
  errorSend: string;
  empty: string;
  inbox: string;
  back: string;
  noRooms: string;
  newMessage: (name: string, text: string) => string;
  /** The live region's summary of a burst: how many messages just arrived (not the unread count). */
  newMessages: (count: number) => string;
  invite: string;
  inviteHelp: string;
  inviteLink: string;
  copyLink: string;
  copied: string;
  qrCode: string;
  safety: string;
  safetyHelp: string;
  markVerified: string;
  verified: string;
  disappearing: string;
  timer: (seconds: number) => string;
  attachment: (name: string, size: string) => string;
  /** Header button: start a voice call (the calls chunk loads on press). */
  voiceCall: string;
  /** Header button: start a video call. */
  videoCall: string;
  /** Announced (assertively) when a call rings; `room` is set when it rings in another conversation. */
  incomingCall: (name: string, video: boolean, room?: string) => string;
  /** The compact bar shown while a call runs behind the messages. */
  callInProgress: string;
  /** The bar's button back to the call. */
  returnToCall: string;
  /** The call view's button back to the messages (the call goes on). */
  showMessages: string;
  /** A call that could not start for another reason than camera or microphone. */
  callFailed: string;
}
