// The same values core and api send (src/atrium/common/security_headers.py); the
// Content-Security-Policy, which carries a nonce per request, is set in src/middleware.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard is reached through the gateway, whose address differs from next dev's.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // Chromium asks for /favicon.ico when a page's icon link has not streamed in yet.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
