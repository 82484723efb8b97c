// Stories of <cryptalk-panel>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-panel';

export default { title: 'Widget/cryptalk-panel', component: C };

export const Empty = story(C, 'empty');
export const Conversation = story(C, 'conversation');
export const LongThread10000 = story(C, 'long thread (10,000)');
export const OfflineError = story(C, 'offline / error');
export const SomeoneTyping = story(C, 'someone typing');
export const InlineMode = story(C, 'inline mode');
// Calls (entries in src/call-stories.ts): the panel on a call-capable backend.
export const CallButtons = story(C, 'call buttons');
export const InACall = story(C, 'in a call');
export const CallInProgressMessages = story(C, 'call in progress (messages)');
export const IncomingCall = story(C, 'incoming call');
