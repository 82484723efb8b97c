// The CrypTalk queue stub: records calls until the loader replaces window.CrypTalk and replays them.
if (!window.CrypTalk) {
  const stub = (...args) => {
    stub.q.push(args);
  };
  stub.q = [];
  window.CrypTalk = stub;
}
