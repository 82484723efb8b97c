// Stories of <cryptalk-device-picker>: one per state in src/call-stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-device-picker';

export default { title: 'Widget/cryptalk-device-picker', component: C };

export const Devices = story(C, 'devices');
export const NoDevices = story(C, 'no devices');
