import { defineOnce } from '../../internal/define.js';
import { CryptalkSafetyNumber } from './safety-number.component.js';

defineOnce('cryptalk-safety-number', CryptalkSafetyNumber);

export { CryptalkSafetyNumber };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-safety-number': CryptalkSafetyNumber;
  }
}
