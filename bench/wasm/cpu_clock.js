// clock() for the benchmark under node: processor time of this process in microseconds
// (CLOCKS_PER_SEC is 1000000), like the native build's clock(), instead of emscripten's
// wall-clock default, so that other load on a shared machine counts against neither.
mergeInto(LibraryManager.library, {
  clock: function () {
    const t = process.cpuUsage();
    return (t.user + t.system) | 0;
  },
});
