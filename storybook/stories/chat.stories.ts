// Stories of <cryptalk-chat>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-chat';

export default { title: 'Widget/cryptalk-chat', component: C };

export const LauncherClosed = story(C, 'launcher (closed)');
export const LauncherOpen = story(C, 'launcher (open)');
export const UnreadBadge = story(C, 'unread badge');
export const Inline = story(C, 'inline');
export const RTLArabic = story(C, 'RTL (Arabic)');
export const Dark = story(C, 'dark');
