import type { LauncherStrings } from './launcher-strings.js';
import type { Translation } from './translation.js';

/** The launcher's strings in German: all the tiny loader carries. */
export const deLauncher: LauncherStrings = {
  $code: 'de',
  $name: 'Deutsch',
  $dir: 'ltr',
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  unread: (n) => (n === 1 ? '1 ungelesene Nachricht' : `${n} ungelesene Nachrichten`),
};

/** German. */
export const de: Translation = {
  ...deLauncher,
  close: 'Schließen',
  messages: 'Nachrichten',
  messageLabel: 'Nachricht',
  placeholder: 'Nachricht schreiben…',
  send: 'Senden',
  save: 'Speichern',
  emoji: 'Emoji einfügen',
  attach: 'Datei anhängen',
  dropHere: 'Dateien hier ablegen, um sie anzuhängen',
  uploading: (name, p) => `${name} wird hochgeladen: ${p} %`,
  reply: 'Antworten',
  edit: 'Bearbeiten',
  delete: 'Löschen',
  react: 'Reagieren',
  cancel: 'Abbrechen',
  replyingTo: (name) => `Antwort an ${name}`,
  editing: 'Du bearbeitest deine Nachricht',
  edited: 'bearbeitet',
  deleted: 'Diese Nachricht wurde gelöscht.',
  you: 'Du',
  someone: 'Jemand',
  typing: (names) => (names.length === 1 ? `${names[0]} schreibt…` : `${names.length} Personen schreiben…`),
  statusSending: 'Wird gesendet',
  statusSent: 'Gesendet',
  statusRead: 'Gelesen',
  statusFailed: 'Nicht gesendet',
  connecting: 'Verbinde…',
  connected: 'Verbunden',
  offline: 'Offline',
  retry: 'Erneut versuchen',
  errorConnect:
    'Der Chat-Server ist nicht erreichbar. Prüfe deine Internetverbindung und versuche es erneut.',
  errorSend: 'Deine Nachricht wurde nicht gesendet. Prüfe deine Verbindung und versuche es erneut.',
  empty: 'Noch keine Nachrichten. Sag Hallo!',
  inbox: 'Unterhaltungen',
  back: 'Zurück zu den Unterhaltungen',
  noRooms: 'Noch keine Unterhaltungen.',
  newMessage: (name, text) => `Neue Nachricht von ${name}: ${text}`,
  invite: 'Einladen',
  inviteHelp: 'Teile diesen Link oder lass den Code scannen, um jemanden in diesen Chat einzuladen.',
  inviteLink: 'Einladungslink',
  copyLink: 'Link kopieren',
  copied: 'Link kopiert.',
  qrCode: 'QR-Code des Einladungslinks',
  safety: 'Sicherheitsnummer',
  safetyHelp:
    'Vergleiche diese Zahlen mit deinem Kontakt, persönlich oder am Telefon. Stimmen sie überein, liest niemand mit.',
  markVerified: 'Als verifiziert markieren',
  verified: 'Verifiziert',
  disappearing: 'Selbstlöschende Nachrichten',
  timer: (s) =>
    s === 0
      ? 'Aus'
      : s < 86_400
        ? `${s / 3600} Std.`
        : s < 604_800
          ? `${s / 86_400} T.`
          : `${s / 604_800} Wo.`,
  attachment: (name, size) => `Datei ${name}, ${size}`,
};
