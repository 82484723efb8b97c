import { defineOnce } from '../../../internal/define.js';
import { CryptalkDevicePicker } from './device-picker.component.js';

defineOnce('cryptalk-device-picker', CryptalkDevicePicker);

export { CryptalkDevicePicker };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-device-picker': CryptalkDevicePicker;
  }
}
