import { html, LitElement, nothing } from 'lit';
import type { CallHandle } from '../../../calls/call-handle.js';
import { callStringsFor } from '../../../calls/call-strings-for.js';
import { iconSwitch } from '../call-icons.js';
import { devicePickerStyles } from './device-picker.styles.js';

type InputKind = 'audioinput' | 'videoinput';

/**
 * Chooses the microphone and camera of a call from `enumerateDevices()`, and switches to the next camera
 * (front/back on phones). Lists again when devices are plugged in or out.
 *
 * @summary Picks the call's microphone and camera.
 * @csspart microphone - the microphone select.
 * @csspart camera - the camera select.
 * @csspart switch-camera - the next-camera button.
 * @csspart empty - shown when no device is listed.
 */
export class CryptalkDevicePicker extends LitElement {
  static override styles = devicePickerStyles;

  static override properties = {
    call: { attribute: false },
    locale: { type: String },
    list: { state: true },
    chosen: { state: true },
  };

  /** The call whose devices are chosen. */
  call: CallHandle | undefined;
  /** The locale ('' = the browser's). */
  locale = '';

  private list: MediaDeviceInfo[] = [];
  private chosen: Partial<Record<InputKind, string>> = {};
  private readonly onDeviceChange = () => void this.refresh();

  /** Lists the devices again. */
  async refresh(): Promise<void> {
    this.list = this.call ? await this.call.devices().catch(() => []) : [];
  }

  /** Focuses the first select. */
  focusFirst(): void {
    this.renderRoot.querySelector<HTMLElement>('select, button')?.focus();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.navigator?.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('call')) void this.refresh();
  }

  private async select(kind: InputKind, e: Event): Promise<void> {
    const deviceId = (e.target as HTMLSelectElement).value;
    this.chosen = { ...this.chosen, [kind]: deviceId };
    await this.call?.selectDevice(kind, deviceId);
  }

  private renderSelect(kind: InputKind, label: string, part: string) {
    const s = callStringsFor(this.locale);
    const devices = this.list.filter((d) => d.kind === kind);
    if (devices.length === 0) return nothing;
    return html`<label class="field">
      <span>${label}</span>
      <select part=${part} @change=${(e: Event) => this.select(kind, e)}>
        ${devices.map(
          (d, i) =>
            html`<option value=${d.deviceId} ?selected=${this.chosen[kind] === d.deviceId}>
              ${d.label || s.unnamedDevice(i + 1)}
            </option>`,
        )}
      </select>
    </label>`;
  }

  override render() {
    const s = callStringsFor(this.locale);
    const cameras = this.list.filter((d) => d.kind === 'videoinput').length;
    return html`<div class="picker" dir=${s.$dir}>
      ${this.renderSelect('audioinput', s.microphone, 'microphone')} ${this.renderSelect('videoinput', s.camera, 'camera')}
      ${
        cameras > 1
          ? html`<button part="switch-camera" class="switch" @click=${() => this.call?.switchCamera()}>
            ${iconSwitch}<span>${s.switchCamera}</span>
          </button>`
          : nothing
      }
      ${this.list.length === 0 ? html`<p part="empty" class="empty">${s.noDevices}</p>` : nothing}
    </div>`;
  }
}
