// Preloaded (NODE_OPTIONS=--require) into the Pulumi program and the dynamic-provider host of a
// test: their wall clock (Date) runs KSITS_TEST_CLOCK_AHEAD_SECONDS ahead, as if the run happened
// that much later. Timers and TLS keep real time. Test-only: the library has no clock hook.
"use strict";
const ahead = Number(process.env.KSITS_TEST_CLOCK_AHEAD_SECONDS ?? "0") * 1000;
if (Number.isFinite(ahead) && ahead !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class AheadDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + ahead);
      else super(...args);
    }
    static now() {
      return realNow() + ahead;
    }
  }
  globalThis.Date = AheadDate;
}
