/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard is reached through the gateway, whose address differs from next dev's.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
};

export default nextConfig;
