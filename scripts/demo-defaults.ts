/**
 * `npm start` is the way to see the portal: React's production build (the development build
 * is slower and warns in the log), with the demo data and a generated session secret, each
 * on its own switch. Setting NODE_ENV yourself means a real deployment: then only what you
 * set is on, and a SESSION_SECRET is required.
 */
export function demoDefaults(env: Record<string, string | undefined>): Record<string, string> {
  if (env.NODE_ENV) return {}
  return {
    NODE_ENV: 'production',
    ...(env.DEMO_DATA ? {} : { DEMO_DATA: '1' }),
    ...(env.GENERATE_SESSION_SECRET ? {} : { GENERATE_SESSION_SECRET: '1' }),
  }
}

// Imported first by scripts/start.ts, before anything reads the environment.
Object.assign(process.env, demoDefaults(process.env))
