// Stories of <cryptalk-safety-number>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-safety-number';

export default { title: 'Widget/cryptalk-safety-number', component: C };

export const Unverified = story(C, 'unverified');
export const Verified = story(C, 'verified');
