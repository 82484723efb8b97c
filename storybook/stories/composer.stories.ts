// Stories of <cryptalk-composer>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-composer';

export default { title: 'Widget/cryptalk-composer', component: C };

export const Default = story(C, 'default');
export const Replying = story(C, 'replying');
export const Uploading = story(C, 'uploading');
export const OfflineDisabled = story(C, 'offline (disabled)');
