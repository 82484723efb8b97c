/** The few strings the script-tag loader needs before the chat core has loaded. */
export interface LauncherStrings {
  /** BCP 47 code. */
  $code: string;
  /** The language's own name. */
  $name: string;
  /** Writing direction. */
  $dir: 'ltr' | 'rtl';
  openChat: string;
  closeChat: string;
  unread: (count: number) => string;
}
