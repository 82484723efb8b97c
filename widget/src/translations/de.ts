import type { CallStrings } from '../calls/call-strings.js'; // calls
import type { EscrowStrings } from './escrow-strings.js'; // escrow card
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
  newMessages: (n) => (n === 1 ? '1 neue Nachricht' : `${n} neue Nachrichten`),
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
  voiceCall: 'Sprachanruf',
  videoCall: 'Videoanruf',
  incomingCall: (name, video, room) =>
    `Eingehender ${video ? 'Videoanruf' : 'Sprachanruf'} von ${name}${room ? ` in ${room}` : ''}`,
  callInProgress: 'Anruf läuft',
  returnToCall: 'Zurück zum Anruf',
  showMessages: 'Nachrichten anzeigen',
  callFailed: 'Der Anruf konnte nicht starten. Prüfe deine Verbindung und versuche es erneut.',
};

// ─── escrow card (begin) ──────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded escrow chunk imports this table (through ./escrow.ts); the chat core tree-shakes it.

/** The escrow card's strings in German. */
export const deEscrow: EscrowStrings = {
  $code: 'de',
  $dir: 'ltr',
  card: (item) => `Treuhand-Angebot: ${item}`,
  unnamedItem: 'Artikel',
  amount: 'Preis',
  seller: 'Verkäufer',
  buyer: 'Käufer',
  anyone: 'alle',
  you: 'Sie',
  status: 'Status',
  phase: {
    offered: 'Angeboten',
    funded: 'Auf Treuhand eingezahlt',
    shipped: 'Versandt',
    released: 'An den Verkäufer freigegeben',
    refunded: 'An den Käufer erstattet',
    disputed: 'Im Streitfall',
    resolved: 'Vom Schlichter entschieden',
    expired: 'Abgelaufen (nicht rechtzeitig versandt)',
    unavailable: 'Nicht mehr verfügbar',
  },
  deadline: {
    offer: 'Angebot gültig bis',
    shipBy: 'Versand bis',
    inspection: 'Prüfung endet',
    ruling: 'Entscheidung bis',
  },
  deadlinePassed: 'abgelaufen',
  action: {
    accept: 'Annehmen und auf Treuhand zahlen',
    ship: 'Als versandt markieren',
    release: 'Zahlung freigeben',
    refund: 'Käufer erstatten',
    dispute: 'Streitfall eröffnen',
    expire: 'Zahlung zurückholen (nicht rechtzeitig versandt)',
    autoRelease: 'Zahlung freigeben (Prüfung vorbei)',
    resolveByDefault: 'Standardaufteilung anwenden',
    withdraw: 'Guthaben abheben',
  },
  acceptOffer: 'Angebot annehmen',
  connect: 'Wallet verbinden',
  connectedAs: (a) => `Wallet ${a}`,
  switchChain: 'Netzwerk wechseln',
  pending: (a) => `${a}: in der Wallet bestätigen, dann auf das Netzwerk warten…`,
  done: (a) => `${a}: erledigt.`,
  transaction: 'Transaktion',
  errorWrongChain: (id) =>
    `Ihre Wallet ist in einem anderen Netzwerk. Wechseln Sie zu Chain ${id} und versuchen Sie es erneut.`,
  errorRejected: 'Sie haben die Anfrage in Ihrer Wallet abgelehnt.',
  errorInsufficientFunds:
    'Ihre Wallet enthält nicht genug, um dies zu bezahlen (einschließlich Netzwerkgebühr).',
  errorNoWallet:
    'Keine Wallet gefunden. Installieren Sie eine Wallet-Erweiterung oder öffnen Sie die Seite im Browser einer Wallet.',
  errorReverted: (r) => `Der Vertrag hat dies abgelehnt (${r}). Aktualisieren und Status prüfen.`,
  errorFailed: 'Die Transaktion ist fehlgeschlagen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  errorInvalidOffer: 'Dieses Angebot ist beschädigt oder seine Signatur passt nicht. Nicht bezahlen.',
};
// ─── escrow card (end) ────────────────────────────────────────────────────────────────────────────────────

// ─── calls (begin) ────────────────────────────────────────────────────────────────────────────────────────
// Only the lazily loaded calls chunk imports this table (through ../calls/call-strings-for.ts).

/** The calls UI's strings in German. */
export const deCall: CallStrings = {
  $code: 'de',
  $dir: 'ltr',
  startAudioCall: 'Sprachanruf starten',
  startVideoCall: 'Videoanruf starten',
  call: 'Anruf',
  incoming: (name, video) => `${name} ruft Sie an (${video ? 'Video' : 'Sprache'})`,
  acceptVideo: 'Mit Video annehmen',
  acceptAudio: 'Nur mit Ton annehmen',
  decline: 'Ablehnen',
  phase: {
    ringing: 'Es klingelt…',
    connecting: 'Verbinden…',
    connected: 'Verbunden',
    reconnecting: 'Verbindung unterbrochen. Neu verbinden…',
    ended: 'Anruf beendet',
  },
  mute: 'Mikrofon stummschalten',
  cameraOff: 'Kamera ausschalten',
  shareScreen: 'Bildschirm teilen',
  devices: 'Geräte',
  microphone: 'Mikrofon',
  camera: 'Kamera',
  switchCamera: 'Kamera wechseln',
  noDevices: 'Keine Geräte gefunden',
  unnamedDevice: (n) => `Gerät ${n}`,
  hangUp: 'Auflegen',
  you: 'Sie',
  someone: 'Jemand',
  micMuted: 'Mikrofon stumm',
  videoOff: 'Kamera aus',
  speaking: 'Spricht',
  screenOf: (name) => `Bildschirm von ${name}`,
  yourScreen: 'Ihr Bildschirm',
  mode: { p2p: 'Direkte Verbindung', sfu: 'Über den Medienserver' },
  encrypted: 'Ende-zu-Ende-verschlüsselt',
  quality: { good: 'Gute Verbindung', fair: 'Mäßige Verbindung', poor: 'Schlechte Verbindung' },
  fallbackNotice:
    'Eine direkte Verbindung war nicht möglich, daher läuft der Anruf jetzt über den Medienserver. Er bleibt Ende-zu-Ende-verschlüsselt.',
  problem: {
    permission:
      'Ihr Browser hat Kamera und Mikrofon blockiert. Erlauben Sie beides für diese Website (Kamerasymbol in der Adressleiste) und versuchen Sie es erneut.',
    'no-device':
      'Keine Kamera und kein Mikrofon gefunden. Schließen Sie eines an und versuchen Sie es erneut.',
    'device-busy':
      'Kamera oder Mikrofon wird von einer anderen App verwendet. Schließen Sie diese und versuchen Sie es erneut.',
    'screen-share':
      'Die Bildschirmfreigabe wurde nicht gestartet. Erlauben Sie sie, wenn der Browser fragt, und versuchen Sie es erneut.',
    failed: 'Der Anruf konnte Kamera oder Mikrofon nicht verwenden. Versuchen Sie es erneut.',
  },
  retry: 'Erneut versuchen',
  dismiss: 'Schließen',
  declined: 'Der Anruf wurde abgelehnt.',
};
// ─── calls (end) ──────────────────────────────────────────────────────────────────────────────────────────
