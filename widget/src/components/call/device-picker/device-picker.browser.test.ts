import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryCall } from '../../../calls/memory-call.js';
import { seriousViolations } from '../../../testing/a11y.js';
import './device-picker.js';
import type { CryptalkDevicePicker } from './device-picker.component.js';

const until = (fn: () => unknown, message: string) => waitUntil(fn, message, { timeout: 5000 });

describe('<cryptalk-device-picker>', () => {
  it('lists microphones and cameras, selects one, switches camera', async () => {
    const call = new MemoryCall();
    const el = await fixture<CryptalkDevicePicker>(
      html`<cryptalk-device-picker .call=${call}></cryptalk-device-picker>`,
    );
    await until(() => el.shadowRoot!.querySelector('[part=microphone]'), 'devices listed');
    const mic = el.shadowRoot!.querySelector<HTMLSelectElement>('[part=microphone]')!;
    expect([...mic.options].map((o) => o.textContent!.trim())).to.deep.equal([
      'Built-in microphone',
      'Headset microphone',
    ]);
    mic.value = 'mic-2';
    mic.dispatchEvent(new Event('change'));
    await until(() => call.selected.audioinput === 'mic-2', 'microphone chosen');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=switch-camera]')!.click();
    await until(() => call.selected.videoinput === 'cam-1', 'next camera');
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('says so when there is no device, and names devices without labels', async () => {
    const none = await fixture<CryptalkDevicePicker>(
      html`<cryptalk-device-picker .call=${new MemoryCall({ devices: [] })}></cryptalk-device-picker>`,
    );
    await until(() => none.shadowRoot!.querySelector('[part=empty]'), 'empty state');
    expect(none.shadowRoot!.querySelector('[part=empty]')!.textContent).to.equal('No devices found');
    const unlabeled = { kind: 'videoinput', deviceId: 'x', label: '', groupId: '' } as MediaDeviceInfo;
    const el = await fixture<CryptalkDevicePicker>(
      html`<cryptalk-device-picker locale="de" .call=${new MemoryCall({ devices: [unlabeled] })}></cryptalk-device-picker>`,
    );
    await until(() => el.shadowRoot!.querySelector('[part=camera]'), 'camera listed');
    expect(el.shadowRoot!.querySelector('option')!.textContent!.trim()).to.equal('Gerät 1');
    expect(el.shadowRoot!.querySelector('[part=switch-camera]')).to.equal(null);
  });
});
