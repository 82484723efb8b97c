export { type ChatAction, CryptalkActionEvent } from './action-event.js';
export { CryptalkCloseEvent } from './close-event.js';
export { CryptalkMessageEvent } from './message-event.js';
export { CryptalkOpenEvent } from './open-event.js';
export { CryptalkSendEvent } from './send-event.js';
export { CryptalkUnreadEvent } from './unread-event.js';
