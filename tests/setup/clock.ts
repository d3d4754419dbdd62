/**
 * A clock a test moves by hand. Give its `now` to an HTTP client (createClient's `now`) or to a
 * browser context (`clockHeaders`): the shared test server then takes that time for the
 * requests, so a test of a timeout advances the clock instead of sleeping.
 */
export function testClock(start: Date | string = new Date()) {
  let time = new Date(start).getTime()
  return {
    now: () => new Date(time),
    advance(milliseconds: number) {
      time += milliseconds
    },
    set(to: Date | string) {
      time = new Date(to).getTime()
    },
  }
}

export type TestClock = ReturnType<typeof testClock>

export const seconds = (n: number) => n * 1000
export const minutes = (n: number) => n * 60_000
export const hours = (n: number) => n * 3_600_000
export const days = (n: number) => n * 86_400_000
