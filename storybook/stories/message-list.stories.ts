// Stories of <cryptalk-message-list>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-message-list';

export default { title: 'Widget/cryptalk-message-list', component: C };

export const RepliesEditsReactionsReceiptsDeleted = story(C, 'replies, edits, reactions, receipts, deleted');
export const Empty = story(C, 'empty');
