import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type Translation, translationFor } from '../translations/index.js';
import { dateTimeFormat, numberFormat } from './intl-cache.js';

const TIME_OF_DAY: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** An element with a `locale` property ('' = the browser's language). */
export type LocalizedHost = ReactiveControllerHost & HTMLElement & { locale: string };

/**
 * Gives a component its translation table, date and size formatting for its `locale` property.
 * @example
 * ```ts
 * private readonly l10n = new LocalizeController(this);
 * render() { return html`<button>${this.l10n.t.send}</button>`; }
 * ```
 */
export class LocalizeController implements ReactiveController {
  /** @param host - the component. */
  constructor(private readonly host: LocalizedHost) {
    host.addController(this);
  }

  /** The table for the host's locale. */
  get t(): Translation {
    return translationFor(this.host.locale);
  }

  /** `ltr` or `rtl`. */
  get dir(): 'ltr' | 'rtl' {
    return this.t.$dir;
  }

  /**
   * A time of day, e.g. `14:05`.
   * @param ms - ms since the epoch.
   */
  time(ms: number): string {
    return dateTimeFormat(this.t.$code, TIME_OF_DAY).format(ms);
  }

  /**
   * A file size, e.g. `1.2 MB`.
   * @param bytes - the size.
   */
  size(bytes: number): string {
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
    let v = bytes;
    let i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return numberFormat(this.t.$code, {
      style: 'unit',
      unit: units[i],
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(v);
  }

  hostConnected(): void {}
}
