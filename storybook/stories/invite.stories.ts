// Stories of <cryptalk-invite>: one per state in src/stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-invite';

export default { title: 'Widget/cryptalk-invite', component: C };

export const InviteLinkWithQRCode = story(C, 'invite link with QR code');
