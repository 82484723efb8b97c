// Stories of <cryptalk-call-view>: one per state in src/call-stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-call-view';

export default { title: 'Widget/cryptalk-call-view', component: C };

export const RingingOutgoing = story(C, 'ringing (outgoing)');
export const Connected = story(C, 'connected');
export const GroupWithActiveSpeaker = story(C, 'group with active speaker');
export const ScreenShare = story(C, 'screen share');
export const MutedCameraOff = story(C, 'muted, camera off');
export const FallbackToMediaServer = story(C, 'fallback to the media server');
export const PermissionDenied = story(C, 'permission denied');
export const NoCameraOrMicrophone = story(C, 'no camera or microphone');
export const Declined = story(C, 'declined');
