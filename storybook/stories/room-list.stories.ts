// Stories of <cryptalk-room-list>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-room-list';

export default { title: 'Widget/cryptalk-room-list', component: C };

export const Inbox = story(C, 'inbox');
export const Empty = story(C, 'empty');
