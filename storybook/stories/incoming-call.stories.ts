// Stories of <cryptalk-incoming-call>: one per state in src/call-stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-incoming-call';

export default { title: 'Widget/cryptalk-incoming-call', component: C };

export const VideoCall = story(C, 'video call');
export const VoiceCall = story(C, 'voice call');
