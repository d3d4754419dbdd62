/**
 * The one source of "now" for every rule that depends on time: sessions, rate limits, SLA
 * due times, time-to-value, overdue tasks, quiz cool-downs. Code asks `clock.now()` instead
 * of `new Date()`, so that a test can move time instead of sleeping.
 *
 * A test server (HUB_TEST_CLOCK=1) installs a hook that reads the time a request carries in
 * its `X-Test-Now` header (scripts/serve.ts). The hook lives on globalThis because the
 * server script and the Remix build each load their own copy of this module.
 */
type ClockHook = () => Date | undefined

const hookKey = Symbol.for('customer-hub.clock')
const holder = globalThis as { [hookKey]?: ClockHook }

export const clock = {
  now(): Date {
    return holder[hookKey]?.() ?? new Date()
  },
}

export function installClockHook(hook: ClockHook) {
  holder[hookKey] = hook
}

/** The header a test sends to set the time of one request. */
export const testNowHeader = 'x-test-now'
