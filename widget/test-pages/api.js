// Calls the API before the loader has loaded, and records the widget's DOM events.
window.events = [];
for (const type of ['cryptalk-open', 'cryptalk-close', 'cryptalk-message', 'cryptalk-unread']) {
  document.addEventListener(type, (e) =>
    window.events.push(type + (e.count !== undefined ? `:${e.count}` : '')),
  );
}
window.CrypTalk('setLocale', 'de');
window.CrypTalk('open');
