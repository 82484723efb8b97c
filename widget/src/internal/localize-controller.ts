import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  loadTranslation,
  type Translation,
  translationFor,
  translationReady,
} from '../translations/index.js';
import { dateTimeFormat, numberFormat } from './intl-cache.js';

const TIME_OF_DAY: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** An element with a `locale` property ('' = the browser's language). */
export type LocalizedHost = ReactiveControllerHost & HTMLElement & { locale: string };

/**
 * Gives a component its translation table, date and size formatting for its `locale` property. A shipped
 * locale other than English loads on first use (a lazy chunk): until it has, the host keeps the table it
 * showed before (English at first) and it updates once the table is there.
 * @example
 * ```ts
 * private readonly l10n = new LocalizeController(this);
 * render() { return html`<button>${this.l10n.t.send}</button>`; }
 * ```
 */
export class LocalizeController implements ReactiveController {
  /** The table last shown. */
  #shown: Translation | undefined;
  /** The locale being loaded for this host. */
  #loading: string | undefined;

  /** @param host - the component. */
  constructor(private readonly host: LocalizedHost) {
    host.addController(this);
  }

  /** The table for the host's locale (the one shown before while that locale loads). */
  get t(): Translation {
    const code = this.host.locale;
    if (translationReady(code)) {
      this.#shown = translationFor(code);
      return this.#shown;
    }
    this.#load(code);
    return this.#shown ?? translationFor(code);
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

  hostConnected(): void {
    if (!translationReady(this.host.locale)) this.#load(this.host.locale);
  }

  /** Loads `code`'s table once and updates the host when it is there (if it still wants it). */
  #load(code: string): void {
    if (this.#loading === code) return;
    this.#loading = code;
    loadTranslation(code).then(
      () => {
        if (this.#loading === code) this.#loading = undefined;
        if (this.host.locale === code) this.host.requestUpdate();
      },
      () => {
        // The chunk did not load (offline): the host stays in the table it shows; the next render tries again.
        if (this.#loading === code) this.#loading = undefined;
      },
    );
  }
}
