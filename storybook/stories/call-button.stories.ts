// Stories of <cryptalk-call-button>: one per state in src/call-stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-call-button';

export default { title: 'Widget/cryptalk-call-button', component: C };

export const Voice = story(C, 'voice');
export const Video = story(C, 'video');
